/**
 * A deterministic cohort for the pairing round, shared by the tests and bench/: projects of
 * backend and frontend learners spread over time zones, with weeks of earlier rounds behind them
 * (pairs formed each week, some still active) and some learners paused.
 */

import { seededRandom } from '../../bench/stats.js';
import type { Db } from '../../src/db/schema.js';
import type { PairRef, PastPair, RoundInput, RoundLearner } from '../../src/pairing/round.js';

/** Zones in the order communities take them: a few first, then ever rarer and odder offsets. */
export const ZONES = [
  'Africa/Lagos',
  'Africa/Nairobi',
  'Africa/Cairo',
  'UTC',
  'Europe/London',
  'Asia/Kolkata',
  'America/New_York',
  'Asia/Tokyo',
  'Australia/Adelaide',
  'Asia/Kathmandu',
  'America/St_Johns',
  'America/Los_Angeles',
  'Asia/Dubai',
  'Europe/Berlin',
  'Asia/Singapore',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'America/Sao_Paulo',
  'Asia/Tehran',
  'Pacific/Honolulu',
] as const;

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface CommunityShape {
  /** Learners in each project (open and paused). */
  projectSizes: number[];
  /** Chance that a learner is a backend. */
  backendShare: number;
  /** Learners take one of the first `zones` of ZONES, uniformly. */
  zones: number;
  /** Each learner's maximum is uniform in 1..maxPartners. */
  maxPartners: number;
  /** Weeks of earlier rounds before `now`. */
  historyWeeks: number;
  /** Pairs formed each week, as a share of the smaller role of a project. */
  weeklyPairs: number;
  /** Chance that a pair formed earlier is still active (while both have room for it). */
  stillActive: number;
  /** Chance that a learner is paused: in `paused`, not in `learners`; their pairs are kept. */
  paused: number;
  seed: number;
  now: Date;
}

export const cohortShape: Omit<CommunityShape, 'projectSizes'> = {
  backendShare: 0.5,
  zones: 8,
  maxPartners: 3,
  historyWeeks: 8,
  weeklyPairs: 0.5,
  stillActive: 0.3,
  paused: 0.05,
  seed: 1,
  now: new Date('2026-12-07T09:00:00Z'),
};

/** A round's input, and the learners it leaves out because they are paused. */
export interface Community extends RoundInput {
  paused: RoundLearner[];
}

export function buildCommunity(shape: CommunityShape): Community {
  const random = seededRandom(shape.seed);
  const below = (count: number) => Math.floor(random() * count);
  const learners: RoundLearner[] = [];
  const activePairs: PairRef[] = [];
  const history: PastPair[] = [];
  const paused: RoundLearner[] = [];
  shape.projectSizes.forEach((size, p) => {
    const project = `project-${p}`;
    const backends: RoundLearner[] = [];
    const frontends: RoundLearner[] = [];
    for (let k = 0; k < size; k++) {
      const learner: RoundLearner = {
        id: `p${p}-l${k}`,
        project,
        role: random() < shape.backendShare ? 'backend' : 'frontend',
        maxPartners: 1 + below(shape.maxPartners),
        timezone: ZONES[below(Math.min(shape.zones, ZONES.length))] as string,
      };
      (learner.role === 'backend' ? backends : frontends).push(learner);
      (random() < shape.paused ? paused : learners).push(learner);
    }
    if (backends.length === 0 || frontends.length === 0) return;
    const active = new Map<string, number>();
    const activeKeys = new Set<string>();
    const weekly = Math.round(shape.weeklyPairs * Math.min(backends.length, frontends.length));
    for (let week = shape.historyWeeks; week >= 1; week--) {
      for (let k = 0; k < weekly; k++) {
        const b = backends[below(backends.length)] as RoundLearner;
        const f = frontends[below(frontends.length)] as RoundLearner;
        const formedAt = new Date(shape.now.getTime() - week * WEEK_MS + below(WEEK_MS / 2));
        history.push({ backendId: b.id, frontendId: f.id, formedAt });
        const key = `${b.id} ${f.id}`;
        const room = (l: RoundLearner) => (active.get(l.id) ?? 0) < l.maxPartners;
        if (activeKeys.has(key) || !room(b) || !room(f) || random() >= shape.stillActive) continue;
        activeKeys.add(key);
        active.set(b.id, (active.get(b.id) ?? 0) + 1);
        active.set(f.id, (active.get(f.id) ?? 0) + 1);
        activePairs.push({ backendId: b.id, frontendId: f.id });
      }
    }
  });
  return { learners, paused, activePairs, history, now: shape.now, seed: shape.seed };
}

/** Rows per insert statement: 13 values a learner, well within SQLite's 32,766. */
const insertRows = 500;

/**
 * Stores a community in a migrated database as the bot would have it, in one transaction: its
 * projects, its learners (`name of <id>`; paused ones paused), and every pair in its history,
 * active when it is one of `activePairs` and ended otherwise.
 */
export async function storeCommunity(db: Db, guildId: string, community: Community): Promise<void> {
  const stamp = new Date(community.now.getTime() - 70 * 24 * 60 * 60 * 1000).toISOString();
  const everyone = [...community.learners, ...community.paused];
  const pausedIds = new Set(community.paused.map((learner) => learner.id));
  const projectOf = new Map(everyone.map((learner) => [learner.id, learner.project]));
  const active = new Set(community.activePairs.map((p) => `${p.backendId} ${p.frontendId}`));
  const pairs = community.history.map((pair) => {
    // The first of a pair's rounds that left it active stays so; its repeats were ended.
    const isActive = active.delete(`${pair.backendId} ${pair.frontendId}`);
    return {
      guild_id: guildId,
      project_slug: projectOf.get(pair.backendId) as string,
      backend_id: pair.backendId,
      frontend_id: pair.frontendId,
      status: isActive ? ('active' as const) : ('ended' as const),
      origin: 'round' as const,
      created_at: pair.formedAt.toISOString(),
      ended_at: isActive ? null : community.now.toISOString(),
    };
  });
  await db.transaction().execute(async (trx) => {
    const projects = [...new Set(projectOf.values())].map((slug) => ({
      guild_id: guildId,
      slug,
      name: `Project ${slug}`,
      created_at: stamp,
    }));
    await trx.insertInto('projects').values(projects).execute();
    for (let k = 0; k < everyone.length; k += insertRows) {
      const rows = everyone.slice(k, k + insertRows).map((learner) => ({
        guild_id: guildId,
        user_id: learner.id,
        user_name: `name of ${learner.id}`,
        project_slug: learner.project,
        role: learner.role,
        repo: null,
        api_docs: null,
        timezone: learner.timezone,
        max_partners: learner.maxPartners,
        paused: pausedIds.has(learner.id) ? 1 : 0,
        paused_until: null,
        joined_at: stamp,
        last_active_at: stamp,
      }));
      await trx.insertInto('learners').values(rows).execute();
    }
    for (let k = 0; k < pairs.length; k += insertRows)
      await trx
        .insertInto('pairs')
        .values(pairs.slice(k, k + insertRows))
        .execute();
  });
}
