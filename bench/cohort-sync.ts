/**
 * One weekly sync-up of a cohort posted through the real discord.js client against the local
 * Discord double pacing every channel and thread like Discord (5 messages per 5 seconds).
 */

import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import pino from 'pino';
import { clientPoster } from '../src/discord/rest-poster.js';
import type { PairRef, PastPair, RoundLearner } from '../src/pairing/round-input.js';
import { prepareDatabase } from '../src/setup.js';
import { pairsPerDigest } from '../src/sync/digest.js';
import { readShippedPrompts } from '../src/sync/prompts.js';
import { runSlot } from '../src/sync/run.js';
import { ensureSettings } from '../src/sync/settings.js';
import { storeCommunity } from '../tests/support/community.js';
import { DISCORD_WINDOW_MS, startDiscordDouble } from '../tests/support/discord-double.js';
import type { CohortRoundParts } from './cohort-round.js';

const projects = 5;
const pairsPerProject = 500;
const guildId = '1700000000000000001';
const channelId = '1700000000000000002';
const wallGoal = 1.2;
const now = new Date('2026-12-07T09:00:00Z');
const dayMs = 24 * 60 * 60 * 1000;

/** Every learner paired, one partner each, for more than a week: every pair is pinged and asked. */
function pairedCohort() {
  const learners: RoundLearner[] = [];
  const activePairs: PairRef[] = [];
  const history: PastPair[] = [];
  let next = 1_700_000_000_000_100_000n;
  for (let p = 0; p < projects; p++) {
    for (let k = 0; k < pairsPerProject; k++) {
      const [backendId, frontendId] = [String(next++), String(next++)];
      const learner = (id: string, role: 'backend' | 'frontend') =>
        ({ id, project: `project-${p}`, role, maxPartners: 1, timezone: 'Africa/Lagos' }) as const;
      learners.push(learner(backendId, 'backend'), learner(frontendId, 'frontend'));
      activePairs.push({ backendId, frontendId });
      history.push({ backendId, frontendId, formedAt: new Date(now.getTime() - 8 * dayMs) });
    }
  }
  return { learners, paused: [], activePairs, history, now, seed: 1 };
}

export async function cohortSyncParts(): Promise<CohortRoundParts> {
  const dir = mkdtempSync(join(tmpdir(), 'nexus-cohort-sync-'));
  const double = await startDiscordDouble({
    pace: { windowMs: DISCORD_WINDOW_MS },
    guilds: [{ id: guildId, channels: [{ id: channelId, name: 'prodev-project-nexus' }] }],
  });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: double.apiBase } });
  const { db } = await prepareDatabase(join(dir, 'nexus.db'), now);
  try {
    const community = pairedCohort();
    await storeCommunity(db, guildId, community);
    await ensureSettings(db, guildId, { channelId, timezone: 'UTC', now });
    const ready = once(client, Events.ClientReady);
    await client.login('bench-token');
    await ready;
    const logged: { level: number }[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const shippedPrompts = await readShippedPrompts(
      new URL('../data/sync-prompts.md', import.meta.url).pathname,
    );
    const deps = { db, poster: clientPoster(client), log, shippedPrompts };

    const started = performance.now();
    const report = await runSlot(deps, guildId, now, 'manual', now);
    const seconds = (performance.now() - started) / 1000;

    const pairs = community.activePairs.length;
    const perChannel = new Map<string, number>();
    for (const m of double.messages)
      perChannel.set(m.channel_id, (perChannel.get(m.channel_id) ?? 0) + 1);
    const floor =
      Math.max(...[...perChannel.values()].map((n) => double.limits.channelFloorMs(n))) / 1000;
    const distinct = new Set(double.messages.map((m) => `${m.channel_id} ${m.content}`)).size;
    const duplicates = double.messages.length - distinct;
    const rejected =
      double.requests.filter((r) => r.status === 400).length + double.validationErrors.length;
    const inChannel = perChannel.get(channelId) ?? 0;
    const threads = double.threadsOf(channelId);
    const budget = 3 + Math.ceil(pairs / pairsPerDigest) + projects;
    const biggestThread = Math.max(...threads.map((t) => double.membersOf(t.id).size));
    const problems = logged.filter((line) => line.level >= 40).length;
    const name = `sync-up run, ${pairs.toLocaleString('en')} pairs in ${projects} projects`;
    return {
      timings: [],
      values: [
        { name: `${name}: messages posted`, value: double.messages.length, unit: '' },
        { name: `${name}: of them in the channel itself`, value: inChannel, unit: '' },
        { name: `${name}: threads`, value: threads.length, unit: '' },
        { name: `${name}: members of the fullest thread`, value: biggestThread, unit: '' },
        { name: `${name}: wall time`, value: seconds, unit: 's' },
        { name: `${name}: the pace's floor for those messages`, value: floor, unit: 's' },
        { name: `${name}: duplicate messages`, value: duplicates, unit: '' },
        { name: `${name}: rejected bodies (400 or schema)`, value: rejected, unit: '' },
        {
          name: `${name}: 429 answers`,
          value: double.limits.limited.bucket + double.limits.limited.global,
          unit: '',
        },
        { name: `${name}: warnings or errors logged`, value: problems, unit: '' },
      ],
      ratios: [{ name: `${name}: wall time ÷ the pace's floor`, value: seconds / floor }],
      goals: [
        {
          goal: `${name}: at most 3 + ⌈pairs / 30⌉ + projects messages (${budget}), a handful in the channel`,
          actual: `${double.messages.length} messages, ${inChannel} in the channel`,
          met: double.messages.length <= budget && inChannel <= 5 && report?.status === 'posted',
        },
        {
          goal: `${name}: wall time within ${wallGoal}× the pace's floor`,
          actual: `${seconds.toFixed(1)} s against ${floor.toFixed(1)} s`,
          met: seconds <= wallGoal * floor,
        },
        {
          goal: `${name}: 0 duplicates, 0 rejected bodies`,
          actual: `${duplicates} duplicates, ${rejected} rejected`,
          met: duplicates === 0 && rejected === 0,
        },
      ],
      notes: [
        `A server whose ${(pairs * 2).toLocaleString('en')} learners are all paired (${projects} projects of ${pairsPerProject} pairs, together for eight days, so every digest asks for a check-in) runs a sync-up through \`runSlot\` with the bot's REST poster on a real discord.js \`Client\` logged in to the local Discord double. The double paces every channel and thread as Discord does, ${DISCORD_WINDOW_MS / 1000} s windows of 5 messages, answers with the buckets' headers, and checks every body against discord-api-spec. The floor is the longest any one channel or thread must take at that pace for the messages it received: (⌈n / 5⌉ − 1) windows; threads are paced apart, so the run posts them side by side. Wall time covers the whole run: the round (nothing new to pair), the transaction that records it, the threads and every message.`,
      ],
    };
  } finally {
    await client.destroy();
    await double.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
