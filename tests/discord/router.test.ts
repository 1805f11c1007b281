import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createRateLimiter } from '../../src/discord/rate-limit.js';
import { createRouter, type InteractionReport, type RouterDeps } from '../../src/discord/router.js';
import { type Command, Refusal } from '../../src/interaction/command.js';
import { componentId } from '../../src/interaction/component-id.js';
import { button, defineCommand, route } from '../../src/interaction/declare.js';
import { notice } from '../../src/interaction/message.js';
import { option } from '../../src/interaction/options.js';
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

const guarded = defineCommand({
  name: 'probe',
  description: 'test',
  routes: {
    admin: route({
      description: 'x',
      options: {},
      permission: 'ManageGuild',
      run: async () => notice('ran'),
    }),
    boom: route({
      description: 'x',
      options: {},
      run: async () => {
        throw new Error('database is on fire');
      },
    }),
    theirs: route({
      description: 'x',
      options: { id: option.rowNumber('probe') },
      requires: {
        who: 'its owner',
        check: async (_ctx, { id }) => new Refusal(`Probe #${id} is not yours.`),
      },
      run: async () => notice('ran'),
    }),
  },
  components: [
    button({
      id: componentId('probe', 'press', {}),
      permission: 'ManageGuild',
      run: async () => notice('pressed'),
    }),
  ],
});

async function routerWith(
  extra: Command[],
  { burst = 100, ...reporting }: Pick<RouterDeps, 'onOutcome' | 'clock'> & { burst?: number } = {},
) {
  const { db } = await preparedDb();
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'error' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const router = createRouter({
    db,
    log,
    commands: [...commands, ...extra],
    counters: createHubCounters(db, { log, repeat: noTimer }),
    now: () => new Date(),
    rateLimiter: createRateLimiter({ burst, refillSeconds: 1, now: () => 0 }),
    ...reporting,
  });
  const run = (
    actor: typeof amina,
    command: string,
    path: string,
    options: Record<string, string | number> = {},
  ) => router.handle({ guildId, channelId: '1', actor, kind: 'command', command, path, options });
  return { router, run, lines };
}

describe('router guards', () => {
  it('enforces a declared permission', async () => {
    const { run } = await routerWith([guarded]);
    expect(textOf(await run(amina, 'probe', 'admin'))).toBe(
      '/probe admin needs the Manage Server permission.',
    );
    expect(textOf(await run(admin, 'probe', 'admin'))).toBe('ran');
  });

  it("refuses through the router: a component's permission, a route's precondition", async () => {
    const { run, router } = await routerWith([guarded]);
    const press = (actor: typeof amina) =>
      router.handle({ guildId, channelId: '1', actor, kind: 'button', customId: 'probe:press' });
    expect(textOf(await press(amina))).toBe('This button needs the Manage Server permission.');
    expect(textOf(await press(admin))).toBe('pressed');
    const refused = await run(admin, 'probe', 'theirs', { id: 7 });
    expect(textOf(refused)).toBe('Probe #7 is not yours.');
    expect(refused.type === 'reply' && refused.message.ephemeral).toBe(true);
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

describe('outcome reports', () => {
  async function reporting(burst?: number) {
    const reports: InteractionReport[] = [];
    let tick = 0;
    // Every reading moves the clock 5 ms, so each invocation measures exactly 5 ms.
    const clock = () => (tick += 5);
    const built = await routerWith([guarded], {
      burst,
      clock,
      onOutcome: (report) => reports.push(report),
    });
    return { ...built, reports };
  }

  const origin = { guildId, channelId: '1' };

  it('reports each invocation once: kind, label, outcome, error reference and time, never a value', async () => {
    const { router, run, reports } = await reporting();
    const secret = 'a-value-nobody-logs';
    await run(amina, 'learning', '', { topic: 'docker' });
    await run(amina, 'sync', 'prompt remove', { id: 3 });
    await run(amina, 'search', '', { query: `${secret} ${'x'.repeat(1000)}` });
    const failed = await run(amina, 'probe', 'boom');
    await router.handle({ ...origin, actor: amina, kind: 'button', customId: 'learning:page:1:0' });
    await router.handle({ ...origin, actor: amina, kind: 'button', customId: 'gone:away:1' });
    await router.handle({
      ...origin,
      actor: amina,
      kind: 'modal',
      customId: 'nexus:submit',
      fields: { topic: secret, title: '', body: secret },
    });
    await router.handle({
      ...origin,
      actor: amina,
      kind: 'autocomplete',
      command: 'learning',
      path: '',
      options: {},
      focused: { name: 'topic', value: secret },
    });
    await router.handle({
      ...origin,
      guildId: null,
      actor: amina,
      kind: 'command',
      command: 'help',
      path: '',
      options: {},
    });

    const ref = /reference ([0-9A-F]{8})/.exec(textOf(failed))?.[1];
    expect(reports).toEqual([
      { kind: 'command', label: '/learning', guildId, outcome: 'answered', ms: 5 },
      { kind: 'command', label: '/sync prompt remove', guildId, outcome: 'refused', ms: 5 },
      { kind: 'command', label: '/search', guildId, outcome: 'invalid', ms: 5 },
      { kind: 'command', label: '/probe boom', guildId, outcome: 'error', ref, ms: 5 },
      { kind: 'button', label: 'learning:page', guildId, outcome: 'answered', ms: 5 },
      { kind: 'button', label: 'gone:away', guildId, outcome: 'invalid', ms: 5 },
      { kind: 'modal', label: 'nexus:submit', guildId, outcome: 'invalid', ms: 5 },
      { kind: 'autocomplete', label: '/learning', guildId, outcome: 'answered', ms: 5 },
      { kind: 'command', label: '/help', guildId: null, outcome: 'refused', ms: 5 },
    ]);
    expect(JSON.stringify(reports)).not.toContain(secret);
  });

  it('reports a member past the rate limit, and answers even when the report fails', async () => {
    const { run, reports } = await reporting(1);
    const help = () => run(amina, 'help', '');
    await help();
    expect(textOf(await help())).toContain('going a little fast');
    expect(reports.map((r) => r.outcome)).toEqual(['answered', 'rate-limited']);

    const broken = await routerWith([], {
      onOutcome: () => {
        throw new Error('metrics are down');
      },
    });
    const answer = await broken.run(amina, 'help', '');
    expect(textOf(answer)).toContain('Nexus commands');
  });
});
