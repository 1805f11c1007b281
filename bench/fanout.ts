import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REST } from '@discordjs/rest';
import pino from 'pino';
import { restPoster } from '../src/discord/rest-poster.js';
import { prepareDatabase } from '../src/setup.js';
import { readShippedPrompts } from '../src/sync/prompts.js';
import { tick } from '../src/sync/scheduler.js';
import { DISCORD_WINDOW_MS, startDiscordDouble } from '../tests/support/discord-double.js';
import type { SuiteResult } from './report.js';

const servers = 1000;
const perSecond = 50;
const since = new Date('2026-11-20T00:00:00Z');
const slot = new Date('2026-11-23T09:00:00Z');

/**
 * One weekly run fanned out to 1,000 servers: each has a schedule and no pairs, so the run posts
 * one prompt per server, through @discordjs/rest, to the local Discord double enforcing
 * Discord's global limit of 50 requests a second.
 */
export async function fanoutSuite(): Promise<SuiteResult> {
  const dir = mkdtempSync(join(tmpdir(), 'nexus-fanout-'));
  const ids = Array.from({ length: servers }, (_, i) => ({
    guild: String(1_400_000_000_000_000_000n + BigInt(i)),
    channel: String(1_500_000_000_000_000_000n + BigInt(i)),
  }));
  const double = await startDiscordDouble({
    validate: false,
    pace: { windowMs: DISCORD_WINDOW_MS, globalPerSecond: perSecond },
    guilds: ids.map(({ guild, channel }) => ({
      id: guild,
      channels: [{ id: channel, name: 'prodev-project-nexus' }],
    })),
  });
  const { db } = await prepareDatabase(join(dir, 'nexus.db'));
  const logged: Record<string, unknown>[] = [];
  try {
    await db
      .insertInto('sync_settings')
      .values(
        ids.map(({ guild, channel }) => ({
          guild_id: guild,
          channel_id: channel,
          cron: '0 9 * * 1',
          timezone: 'UTC',
          paused: 0,
          auto_pair: 1,
          grace_hours: 6,
          prompt_cursor: 0,
          schedule_since: since.toISOString(),
        })),
      )
      .execute();
    const log = pino({ level: 'warn' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const poster = restPoster(new REST({ api: double.apiBase }).setToken('bench-token'));
    const shippedPrompts = await readShippedPrompts(
      new URL('../data/sync-prompts.md', import.meta.url).pathname,
    );
    const started = performance.now();
    await tick({ db, poster, log, shippedPrompts }, slot);
    const seconds = (performance.now() - started) / 1000;

    const posted = new Map<string, number>();
    for (const message of double.messages)
      posted.set(message.channel_id, (posted.get(message.channel_id) ?? 0) + 1);
    const exactlyOnce =
      posted.size === servers && [...posted.values()].every((count) => count === 1);
    const runs = await db.selectFrom('sync_runs').select('status').execute();
    const postedRuns = runs.filter((run) => run.status === 'posted').length;
    const errors = logged.filter((line) => Number(line.level) >= 40);
    const floor = servers / perSecond;
    return {
      suite: 'fanout',
      title: 'Sync-ups: one weekly run fanned out to 1,000 servers',
      timings: [],
      values: [
        { name: 'servers', value: servers, unit: '' },
        {
          name: 'channels that received exactly one message',
          value: [...posted.values()].filter((c) => c === 1).length,
          unit: '',
        },
        { name: 'runs recorded as posted', value: postedRuns, unit: '' },
        {
          name: '429 answers from the double (global limit)',
          value: double.limits.limited.global,
          unit: '',
        },
        { name: 'warnings or errors in the bot log', value: errors.length, unit: '' },
        { name: 'elapsed', value: seconds, unit: 's' },
        { name: `floor: ${servers} requests at ${perSecond}/s`, value: floor, unit: 's' },
      ],
      ratios: [{ name: 'elapsed ÷ floor', value: seconds / floor }],
      goals: [
        {
          goal: 'every server posted exactly once',
          actual: `${posted.size} channels, ${postedRuns} runs posted`,
          met: exactlyOnce && postedRuns === servers,
        },
        {
          goal: 'no 429 reached the bot log as an error',
          actual: `${errors.length} warnings or errors`,
          met: errors.length === 0,
        },
      ],
      notes: [
        `The scheduler's tick runs the slot for every server in turn; each run posts its prompt through \`restPoster\` (the bot's REST client, @discordjs/rest, which queues requests under its own global limit of 50 a second and waits out any 429). The double answers 429 (global) past ${perSecond} requests in any one-second window. The floor is the time the limit alone imposes: ${servers} requests ÷ ${perSecond} per second.`,
      ],
    };
  } finally {
    await db.destroy();
    await double.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
