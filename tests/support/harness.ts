import pino from 'pino';
import { commands } from '../../commands/index.js';
import type { Db } from '../../src/db/schema.js';
import { createRateLimiter } from '../../src/discord/rate-limit.js';
import {
  createRouter,
  type InteractionReport,
  type RouterResult,
} from '../../src/discord/router.js';
import type { Actor, OptionValue, Permission } from '../../src/interaction/command.js';
import type { Message, Modal } from '../../src/interaction/message.js';
import { createHubCounters } from '../../src/learnings/stats.js';
import { readShippedPrompts } from '../../src/sync/prompts.js';
import { preparedDb } from './db.js';
import { recordingPoster, shippedPromptsPath } from './sync.js';

export const guildId = '800000000000000001';
export const channelId = '800000000000000002';

export function member(name: string, id: string, permissions: Permission[] = []): Actor {
  return { id, name, permissions: new Set(permissions) };
}

export const amina = member('amina', '700000000000000001');
export const tunde = member('tunde', '700000000000000002');
export const moderator = member('mod', '700000000000000003', ['ManageMessages']);
export const admin = member('admin', '700000000000000004', ['ManageMessages', 'ManageGuild']);

/** For counters written only when a test flushes them (or reads /nexus stats), never mid-test. */
export const noTimer = () => () => undefined;

/** The real router over a real, migrated SQLite file, with a clock the test moves. */
export async function createHarness(
  options: {
    burst?: number;
    refillSeconds?: number;
    departed?: Set<string>;
    onOutcome?: (report: InteractionReport) => void;
  } = {},
) {
  const { db } = await preparedDb();
  let clock = Date.parse('2026-11-22T09:00:00Z');
  const logged: unknown[] = [];
  const log = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
  const recorder = recordingPoster();
  const shippedPrompts = await readShippedPrompts(shippedPromptsPath);
  const counters = createHubCounters(db, { log, repeat: noTimer });
  // A fresh router over the same database is what a restart looks like to a button.
  const newRouter = () =>
    createRouter({
      db,
      commands,
      log,
      counters,
      now: () => new Date(clock),
      defaultTimezone: 'UTC',
      members: () => ({ isMember: async (id) => !options.departed?.has(id) }),
      sync: { poster: recorder.poster, shippedPrompts, log },
      ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
      rateLimiter: createRateLimiter({
        burst: options.burst ?? 100,
        refillSeconds: options.refillSeconds ?? 2,
        now: () => clock,
      }),
    });
  let router = newRouter();
  const origin = (actor: Actor) => ({ guildId, channelId, actor });
  return {
    db: db as Db,
    counters,
    get router() {
      return router;
    },
    restart() {
      router = newRouter();
    },
    now: () => new Date(clock),
    posts: recorder.posts,
    poster: recorder,
    logged,
    advance(ms: number) {
      clock += ms;
    },
    run(actor: Actor, command: string, path = '', options: Record<string, OptionValue> = {}) {
      return router.handle({ ...origin(actor), kind: 'command', command, path, options });
    },
    press(actor: Actor, customId: string) {
      return router.handle({ ...origin(actor), kind: 'button', customId });
    },
    submit(actor: Actor, customId: string, fields: Record<string, string>) {
      return router.handle({ ...origin(actor), kind: 'modal', customId, fields });
    },
    autocomplete(actor: Actor, command: string, focused: string, value: string) {
      return router.handle({
        ...origin(actor),
        kind: 'autocomplete',
        command,
        path: '',
        options: {},
        focused: { name: focused, value },
      });
    },
  };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

export function messageOf(result: RouterResult): Message {
  if (result.type !== 'reply' && result.type !== 'update')
    throw new Error(`expected a message, got ${result.type}`);
  return result.message;
}

export function modalOf(result: RouterResult): Modal {
  if (result.type !== 'modal') throw new Error(`expected a modal, got ${result.type}`);
  return result.modal;
}

/** Everything a person would read in a message, as one string. */
export function textOf(result: RouterResult): string {
  const message = messageOf(result);
  return [
    message.content ?? '',
    ...(message.embeds ?? []).flatMap((e) => [
      e.title,
      e.description,
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer,
    ]),
  ]
    .filter(Boolean)
    .join('\n');
}
