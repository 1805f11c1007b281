import { performance } from 'node:perf_hooks';
import type { Db } from '../db/schema.js';
import {
  type Actor,
  type Attempt,
  type ChannelAccess,
  type Command,
  type Component,
  type Context,
  type MemberDirectory,
  type OptionValue,
  type Permission,
  permissionLabels,
} from '../interaction/command.js';
import { labelOf } from '../interaction/component-id.js';
import { commandLabel, staleComponent } from '../interaction/declare.js';
import { type Choice, notice, type Outcome } from '../interaction/message.js';
import type { HubCounters } from '../learnings/stats.js';
import { type Logger, newErrorRef } from '../log.js';
import { forwardingPoster, PostError } from '../sync/poster.js';
import type { SyncDeps } from '../sync/run.js';
import { cleanText } from '../text.js';
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

/** How one invocation ended, for metrics and logs: never an option value or a field. */
export interface InteractionReport {
  kind: Invocation['kind'];
  /** `/sync prompt add` for a command, `sync:checkin` (command:action) for a component. */
  label: string;
  guildId: string | null;
  outcome: 'answered' | 'refused' | 'invalid' | 'rate-limited' | 'error';
  /** The error reference the user saw. */
  ref?: string;
  /** Handling time in milliseconds. */
  ms: number;
}

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
  /** Told once per handled invocation, autocomplete included. */
  onOutcome?: (report: InteractionReport) => void;
  /** Milliseconds from an arbitrary start, for `InteractionReport.ms`; default performance.now. */
  clock?: () => number;
}

const everyoneIsAMember: MemberDirectory = { isMember: async () => true };
const cannotTell: ChannelAccess = { missing: () => undefined };

const cannotPost = forwardingPoster(
  () => undefined,
  new PostError('This bot has no channel poster configured', true),
);

/** What handling came to: the answer, and how it is reported. */
interface Settled {
  result: RouterResult;
  outcome: InteractionReport['outcome'];
  ref?: string;
}

const answered = (result: RouterResult): Settled => ({ result, outcome: 'answered' });

/** Refusals and invalid input, whoever found them, are answered here and only here. */
const worded = (attempt: Attempt): Settled =>
  attempt.outcome === 'answered'
    ? answered(attempt.result)
    : { outcome: attempt.outcome, result: notice(attempt.reason) };

/** The guard routes and components both declare, checked before their input is read. */
function permissionRefusal(
  actor: Actor,
  permission: Permission | undefined,
  what: string,
): Attempt | undefined {
  if (permission === undefined || actor.permissions.has(permission)) return undefined;
  return {
    outcome: 'refused',
    reason: `${what} needs the ${permissionLabels[permission]} permission.`,
  };
}

/**
 * The single entry for every interaction: guards (server only, rate limit, permission, option
 * and field schemas, preconditions) run here, beside the error boundary, so handlers only see
 * valid, permitted requests, and every refusal is worded in one place.
 */
export function createRouter(deps: RouterDeps) {
  const byName = new Map(deps.commands.map((command) => [command.definition.name, command]));
  const byLabel = new Map<string, Component>();
  for (const command of deps.commands) {
    for (const component of command.components) {
      for (const label of component.labels) {
        if (byLabel.has(label)) throw new Error(`Two components answer ${label}`);
        byLabel.set(label, component);
      }
    }
  }
  const clock = deps.clock ?? (() => performance.now());

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

  const routeOf = (invocation: { command: string; path: string }) =>
    byName.get(invocation.command)?.routes[invocation.path];

  async function runCommand(
    invocation: Extract<Invocation, { kind: 'command' }>,
    ctx: Context,
  ): Promise<Attempt> {
    const route = routeOf(invocation);
    const label = commandLabel(invocation.command, invocation.path);
    if (!route) {
      return {
        outcome: 'invalid',
        reason: `Unknown command ${label}. Try /help for the list of commands.`,
      };
    }
    return (
      permissionRefusal(ctx.actor, route.permission, label) ??
      route.attempt(ctx, invocation.options)
    );
  }

  async function runComponent(
    invocation: Extract<Invocation, { kind: 'button' | 'modal' }>,
    ctx: Context,
  ): Promise<Attempt> {
    const component = byLabel.get(labelOf(invocation.customId));
    if (component?.kind !== invocation.kind) return { outcome: 'invalid', reason: staleComponent };
    const what = component.kind === 'modal' ? 'This form' : 'This button';
    const fields = invocation.kind === 'modal' ? invocation.fields : {};
    return (
      permissionRefusal(ctx.actor, component.permission, what) ??
      component.attempt(ctx, invocation.customId, fields)
    );
  }

  async function settle(invocation: Invocation): Promise<Settled> {
    const { guildId } = invocation;
    if (guildId === null) {
      return {
        outcome: 'refused',
        result:
          invocation.kind === 'autocomplete'
            ? { type: 'choices', choices: [] }
            : notice('Nexus commands work inside a server.'),
      };
    }
    const ctx = contextFor({ ...invocation, guildId });
    try {
      if (invocation.kind === 'autocomplete') {
        const choices = (await routeOf(invocation)?.autocomplete?.(ctx, invocation.focused)) ?? [];
        return answered({ type: 'choices', choices: choices.slice(0, 25) });
      }
      if (!ctx.actor.permissions.has('ManageGuild')) {
        const decision = deps.rateLimiter.take(ctx.actor.id);
        if (!decision.allowed) {
          return {
            outcome: 'rate-limited',
            result: notice(
              `You're going a little fast: try again in ${decision.retryAfterSeconds} s.`,
            ),
          };
        }
      }
      return worded(
        invocation.kind === 'command'
          ? await runCommand(invocation, ctx)
          : await runComponent(invocation, ctx),
      );
    } catch (error) {
      const ref = newErrorRef();
      deps.log.error({ err: error, ref, invocation: summarize(invocation) }, 'handler failed');
      return {
        outcome: 'error',
        ref,
        result:
          invocation.kind === 'autocomplete'
            ? { type: 'choices', choices: [] }
            : notice(
                `Something went wrong on our side (reference ${ref}). Please try again; if it keeps happening, give an admin that reference.`,
              ),
      };
    }
  }

  function report(invocation: Invocation, settled: Settled, ms: number) {
    if (!deps.onOutcome) return;
    const { result: _answerIsNotReported, ...outcome } = settled;
    try {
      deps.onOutcome({
        kind: invocation.kind,
        label: labelFor(invocation),
        guildId: invocation.guildId,
        ...outcome,
        ms,
      });
    } catch (error) {
      // A broken metrics sink must not cost anyone their answer.
      deps.log.warn({ err: error }, 'onOutcome failed');
    }
  }

  return {
    async handle(invocation: Invocation): Promise<RouterResult> {
      const started = clock();
      const settled = await settle(cleaned(invocation));
      report(invocation, settled, clock() - started);
      return settled.result;
    },
  };
}

export type Router = ReturnType<typeof createRouter>;

const cleanValues = <V>(values: Record<string, V>): Record<string, V> =>
  Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      typeof value === 'string' ? (cleanText(value) as V) : value,
    ]),
  );

/**
 * Every text a member typed, cleaned once at the boundary whatever the adapter (see `cleanText`):
 * nothing downstream meets a control character or an uncomposed accent.
 */
function cleaned(invocation: Invocation): Invocation {
  switch (invocation.kind) {
    case 'command':
      return { ...invocation, options: cleanValues(invocation.options) };
    case 'autocomplete':
      return {
        ...invocation,
        options: cleanValues(invocation.options),
        focused: { ...invocation.focused, value: cleanText(invocation.focused.value) },
      };
    case 'modal':
      return { ...invocation, fields: cleanValues(invocation.fields) };
    case 'button':
      return invocation;
  }
}

/** How reports and logs name an invocation: the command's path or the id's command:action. */
function labelFor(invocation: Invocation): string {
  return invocation.kind === 'command' || invocation.kind === 'autocomplete'
    ? commandLabel(invocation.command, invocation.path)
    : labelOf(invocation.customId);
}

/** What the log keeps of an invocation: enough to reproduce it, no free text from modals. */
function summarize(invocation: Invocation) {
  const who = { guildId: invocation.guildId, userId: invocation.actor.id };
  switch (invocation.kind) {
    case 'command':
    case 'autocomplete':
      return { ...who, kind: invocation.kind, command: labelFor(invocation) };
    case 'button':
    case 'modal':
      return { ...who, kind: invocation.kind, customId: invocation.customId };
  }
}
