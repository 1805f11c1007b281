import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands } from '../../commands/index.js';
import { createRateLimiter } from '../../src/discord/rate-limit.js';
import { createRouter } from '../../src/discord/router.js';
import { type Command, route } from '../../src/interaction/command.js';
import { notice } from '../../src/interaction/message.js';
import { createHubCounters } from '../../src/learnings/stats.js';
import { preparedDb } from '../support/db.js';
import {
  admin,
  amina,
  createHarness,
  guildId,
  noTimer,
  textOf,
  tunde,
} from '../support/harness.js';

describe('rate limit', () => {
  it('allows a burst, then one command per refill interval, per member', () => {
    let now = 0;
    const limiter = createRateLimiter({ burst: 3, refillSeconds: 2, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(limiter.take('b').allowed).toBe(true);
    now += 1999;
    expect(limiter.take('a').allowed).toBe(false);
    now += 1;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    now += 60_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('forgets members whose bucket has refilled, never one still limited', () => {
    let now = 0;
    const limiter = createRateLimiter({ burst: 2, refillSeconds: 1, now: () => now });
    for (let member = 0; member < 1000; member++) limiter.take(`m${member}`);
    expect(limiter.size).toBe(1000);
    now = 1500;
    for (let i = 0; i < 3; i++) limiter.take('busy');
    expect(limiter.take('busy').allowed).toBe(false);
    now = 2000; // 2 s after the thousand: their buckets are full again
    expect(limiter.take('busy').allowed).toBe(false);
    expect(limiter.size).toBe(1);
    now = 3000;
    expect(limiter.take('busy').allowed).toBe(true);
  });

  it('answers a member past the burst politely and exempts Manage Server', async () => {
    const bot = await createHarness({ burst: 2, refillSeconds: 2 });
    await bot.run(amina, 'help');
    await bot.run(amina, 'help');
    expect(textOf(await bot.run(amina, 'help'))).toBe(
      "You're going a little fast: try again in 2 s.",
    );
    for (let i = 0; i < 5; i++)
      expect(textOf(await bot.run(admin, 'help'))).toContain('Nexus commands');
    bot.advance(2000);
    expect(textOf(await bot.run(amina, 'help'))).toContain('Nexus commands');
  });
});

describe('router guards', () => {
  const guarded: Command = {
    definition: { name: 'probe', description: 'test', options: [] },
    routes: {
      admin: route({
        help: 'x',
        options: z.object({}),
        permission: 'ManageGuild',
        run: async () => notice('ran'),
      }),
      boom: route({
        help: 'x',
        options: z.object({}),
        run: async () => {
          throw new Error('database is on fire');
        },
      }),
    },
  };

  async function routerWith(extra: Command[]) {
    const { db } = await preparedDb();
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const router = createRouter({
      db,
      log,
      commands: [...commands, ...extra],
      counters: createHubCounters(db, { log, repeat: noTimer }),
      now: () => new Date(),
      rateLimiter: createRateLimiter({ burst: 100, refillSeconds: 1, now: () => 0 }),
    });
    const run = (
      actor: typeof amina,
      command: string,
      path: string,
      options: Record<string, string | number> = {},
    ) => router.handle({ guildId, channelId: '1', actor, kind: 'command', command, path, options });
    return { router, run, lines };
  }

  it('enforces a declared permission', async () => {
    const { run } = await routerWith([guarded]);
    expect(textOf(await run(amina, 'probe', 'admin'))).toBe(
      '/probe admin needs the Manage Server permission.',
    );
    expect(textOf(await run(admin, 'probe', 'admin'))).toBe('ran');
  });

  it('turns an exception into a private message whose reference is in the log, and keeps serving', async () => {
    const { run, lines } = await routerWith([guarded]);
    const result = await run(amina, 'probe', 'boom');
    const text = textOf(result);
    const ref = /reference ([0-9A-F]{8})/.exec(text)?.[1];
    expect(ref).toBeDefined();
    expect(result.type === 'reply' && result.message.ephemeral).toBe(true);
    expect(lines).toMatchObject([
      { ref, msg: 'handler failed', err: { message: 'database is on fire' } },
    ]);
    expect(textOf(await run(amina, 'help', ''))).toContain('Nexus commands');
  });

  it('answers unknown commands, bad and missing options, and stale buttons politely', async () => {
    const { run, router } = await routerWith([]);
    expect(textOf(await run(amina, 'nope', ''))).toBe(
      'Unknown command /nope. Try /help for the list of commands.',
    );
    expect(textOf(await run(amina, 'learning', ''))).toBe('The option `topic` is missing.');
    expect(textOf(await run(amina, 'nexus', 'edit', { id: 'abc' }))).toBe(
      "The option `id` isn't valid: a learning number such as 12.",
    );
    expect(textOf(await run(amina, 'learning', '', { topic: 42 }))).toMatch(
      /^The option `topic` isn't valid/,
    );
    const stale = await router.handle({
      guildId,
      channelId: '1',
      actor: tunde,
      kind: 'button',
      customId: 'gone:away:1',
    });
    expect(textOf(stale)).toBe(
      'This button or form is no longer supported. Run the command again.',
    );
    const dm = await router.handle({
      guildId: null,
      channelId: '1',
      actor: tunde,
      kind: 'command',
      command: 'help',
      path: '',
      options: {},
    });
    expect(textOf(dm)).toBe('Nexus commands work inside a server.');
  });
});
