import type { z } from 'zod';
import type { Db } from '../db/schema.js';
import {
  type Actor,
  type ChannelAccess,
  type Command,
  type Context,
  type MemberDirectory,
  type OptionValue,
  permissionLabels,
  type Route,
} from '../interaction/command.js';
import { type Choice, notice, type Outcome } from '../interaction/message.js';
import type { HubCounters } from '../learnings/stats.js';
import { type Logger, newErrorRef } from '../log.js';
import { forwardingPoster, PostError } from '../sync/poster.js';
import type { SyncDeps } from '../sync/run.js';
import type { RateLimiter } from './rate-limit.js';

interface Origin {
  guildId: string | null;
  channelId: string;
  actor: Actor;
}

/** One user action, as any adapter (gateway, console, test) reports it. */
export type Invocation = Origin &
  (
    | { kind: 'command'; command: string; path: string; options: Record<string, OptionValue> }
    | {
        kind: 'autocomplete';
        command: string;
        path: string;
        options: Record<string, OptionValue>;
        focused: { name: string; value: string };
      }
    | { kind: 'button'; customId: string }
    | { kind: 'modal'; customId: string; fields: Record<string, string> }
  );

export type RouterResult = Outcome | { type: 'choices'; choices: Choice[] };

export interface RouterDeps {
  db: Db;
  commands: readonly Command[];
  rateLimiter: RateLimiter;
  counters: HubCounters;
  log: Logger;
  now: () => Date;
  defaultTimezone?: string;
  /** Where membership can be checked (the gateway); without one, everyone is a member. */
  members?: (guildId: string) => MemberDirectory | undefined;
  /** Where the bot's channel permissions can be read (the gateway); without one, nobody can tell. */
  channels?: (guildId: string) => ChannelAccess | undefined;
  /** Without it (a bot that cannot post to channels), sync-up runs fail with a clear reason. */
  sync?: Omit<SyncDeps, 'db'>;
}

const everyoneIsAMember: MemberDirectory = { isMember: async () => true };
const cannotTell: ChannelAccess = { missing: () => undefined };

const cannotPost = forwardingPoster(
  () => undefined,
  new PostError('This bot has no channel poster configured', true),
);

export function commandLabel(command: string, path: string): string {
  return `/${[command, path].filter(Boolean).join(' ')}`;
}

const typeNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** Turns a zod failure into one sentence that names the option or field at fault. */
export function describeInvalid(
  error: z.ZodError,
  input: Record<string, unknown>,
  noun: string,
): string {
  const issue = error.issues[0];
  const name = String(issue?.path[0] ?? '');
  if (name === '') return `That ${noun} isn't valid: ${issue?.message ?? 'unknown problem'}.`;
  if (input[name] === undefined) return `The ${noun} \`${name}\` is missing.`;
  // zod's own wording ("Invalid input: expected string, received number") reads as jargon.
  const generic = issue?.code === 'invalid_type' && issue.message.startsWith('Invalid input');
  const expected = generic ? typeNames[issue.expected] : undefined;
  return `The ${noun} \`${name}\` isn't valid: ${expected ? `expected ${expected}` : issue?.message}.`;
}

/**
 * The single entry for every interaction: guards (server only, rate limit, permission, option
 * schema) run here, beside the error boundary, so handlers only see valid, permitted requests.
 */
export function createRouter(deps: RouterDeps) {
  const byName = new Map(deps.commands.map((command) => [command.definition.name, command]));

  const contextFor = (origin: Origin & { guildId: string }): Context => ({
    db: deps.db,
    guildId: origin.guildId,
    channelId: origin.channelId,
    actor: origin.actor,
    now: deps.now,
    defaultTimezone: deps.defaultTimezone ?? 'UTC',
    members: deps.members?.(origin.guildId) ?? everyoneIsAMember,
    channels: deps.channels?.(origin.guildId) ?? cannotTell,
    sync: deps.sync ?? { poster: cannotPost, shippedPrompts: [], log: deps.log },
    counters: deps.counters,
  });

  async function runCommand(
    invocation: Extract<Invocation, { kind: 'command' }>,
    ctx: Context,
  ): Promise<Outcome> {
    const command = byName.get(invocation.command);
    const route: Route | undefined = command?.routes[invocation.path];
    const label = commandLabel(invocation.command, invocation.path);
    if (!command || !route) {
      return notice(`Unknown command ${label}. Try /help for the list of commands.`);
    }
    if (route.permission && !ctx.actor.permissions.has(route.permission)) {
      return notice(`${label} needs the ${permissionLabels[route.permission]} permission.`);
    }
    const parsed = route.options.safeParse(invocation.options);
    if (!parsed.success) return notice(describeInvalid(parsed.error, invocation.options, 'option'));
    return route.run(ctx, parsed.data);
  }

  async function runComponent(customId: string, fields: Record<string, string>, ctx: Context) {
    const [commandName = '', action = '', ...args] = customId.split(':');
    const component = byName.get(commandName)?.components?.[action];
    if (!component)
      return notice('This button or form is no longer supported. Run the command again.');
    return component.run(ctx, args, fields);
  }

  async function autocomplete(
    invocation: Extract<Invocation, { kind: 'autocomplete' }>,
    ctx: Context,
  ) {
    const route = byName.get(invocation.command)?.routes[invocation.path];
    const choices = (await route?.autocomplete?.(ctx, invocation.focused)) ?? [];
    return choices.slice(0, 25);
  }

  return {
    async handle(invocation: Invocation): Promise<RouterResult> {
      const { guildId } = invocation;
      if (guildId === null) {
        return invocation.kind === 'autocomplete'
          ? { type: 'choices', choices: [] }
          : notice('Nexus commands work inside a server.');
      }
      const ctx = contextFor({ ...invocation, guildId });
      try {
        if (invocation.kind === 'autocomplete') {
          return { type: 'choices', choices: await autocomplete(invocation, ctx) };
        }
        if (!ctx.actor.permissions.has('ManageGuild')) {
          const decision = deps.rateLimiter.take(ctx.actor.id);
          if (!decision.allowed) {
            return notice(
              `You're going a little fast: try again in ${decision.retryAfterSeconds} s.`,
            );
          }
        }
        if (invocation.kind === 'command') return await runCommand(invocation, ctx);
        const fields = invocation.kind === 'modal' ? invocation.fields : {};
        return await runComponent(invocation.customId, fields, ctx);
      } catch (error) {
        const ref = newErrorRef();
        deps.log.error({ err: error, ref, invocation: summarize(invocation) }, 'handler failed');
        if (invocation.kind === 'autocomplete') return { type: 'choices', choices: [] };
        return notice(
          `Something went wrong on our side (reference ${ref}). Please try again; if it keeps happening, give an admin that reference.`,
        );
      }
    },
  };
}

export type Router = ReturnType<typeof createRouter>;

/** What the log keeps of an invocation: enough to reproduce it, no free text from modals. */
function summarize(invocation: Invocation) {
  const who = { guildId: invocation.guildId, userId: invocation.actor.id };
  switch (invocation.kind) {
    case 'command':
    case 'autocomplete':
      return {
        ...who,
        kind: invocation.kind,
        command: commandLabel(invocation.command, invocation.path),
      };
    case 'button':
    case 'modal':
      return { ...who, kind: invocation.kind, customId: invocation.customId };
  }
}
