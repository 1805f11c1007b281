import { performance } from 'node:perf_hooks';
import {
  greedyRound,
  type PairRef,
  type PastPair,
  planRound,
  type RoundInput,
  type RoundLearner,
  type RoundObjective,
  type RoundResult,
} from '../src/pairing/round.js';
import { seededRandom } from './stats.js';

const ZONES = [
  'UTC',
  'Africa/Lagos',
  'Africa/Nairobi',
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Adelaide',
];
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * A deterministic community: `projects` projects of `perProject` learners each, roles at random,
 * maxPartners 1..3, a random zone each; about a fifth of possible slots already filled by active
 * pairs, and a history of earlier pairs spread over the last ten weeks.
 */
export function buildRoundInput(projects = 1000, perProject = 10, seed = 1): RoundInput {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const now = new Date('2025-03-17T09:00:00Z');
  const learners: RoundLearner[] = [];
  const activePairs: PairRef[] = [];
  const history: PastPair[] = [];
  for (let p = 0; p < projects; p++) {
    const project = `project-${p}`;
    const members: RoundLearner[] = [];
    for (let k = 0; k < perProject; k++) {
      members.push({
        id: `learner-${p}-${k}`,
        project,
        role: random() < 0.5 ? 'backend' : 'frontend',
        maxPartners: 1 + Math.floor(random() * 3),
        timezone: pick(ZONES),
      });
    }
    learners.push(...members);
    const backends = members.filter((l) => l.role === 'backend');
    const frontends = members.filter((l) => l.role === 'frontend');
    if (backends.length === 0 || frontends.length === 0) continue;
    const used = new Map<string, number>();
    const seen = new Set<string>();
    for (let k = 0; k < 2; k++) {
      if (random() >= 0.6) continue;
      const b = pick(backends);
      const f = pick(frontends);
      const key = `${b.id}|${f.id}`;
      if (seen.has(key)) continue;
      if ((used.get(b.id) ?? 0) >= b.maxPartners || (used.get(f.id) ?? 0) >= f.maxPartners)
        continue;
      seen.add(key);
      used.set(b.id, (used.get(b.id) ?? 0) + 1);
      used.set(f.id, (used.get(f.id) ?? 0) + 1);
      activePairs.push({ backendId: b.id, frontendId: f.id });
    }
    const pastCount = Math.floor(random() * 4);
    for (let k = 0; k < pastCount; k++) {
      history.push({
        backendId: pick(backends).id,
        frontendId: pick(frontends).id,
        formedAt: new Date(now.getTime() - Math.floor(random() * 10 * WEEK_MS)),
      });
    }
  }
  return { learners, activePairs, history, now, seed };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function time(run: () => RoundResult, runs: number): { ms: number; result: RoundResult } {
  let result = run(); // warm-up: JIT, Intl formatter cache
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    result = run();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), result };
}

/** One algorithm's round: its median time and what it achieves. */
export interface RoundBenchRow {
  subject: 'planRound' | 'greedyRound';
  learners: number;
  projects: number;
  runs: number;
  /** Median wall time of one round, in ms. */
  ms: number;
  objective: RoundObjective;
  /** Learners with no partner at all after the round. */
  unmatched: number;
}

/**
 * Times planRound against the greedy baseline on 10,000 learners in 1,000 projects (median of
 * `runs` runs after a warm-up) and reports what each achieves.
 */
export async function runRoundBench(runs = 7, projects = 1000): Promise<RoundBenchRow[]> {
  const input = buildRoundInput(projects);
  const rows: RoundBenchRow[] = [];
  for (const [subject, solve] of [
    ['planRound', planRound],
    ['greedyRound', greedyRound],
  ] as const) {
    const { ms, result } = time(() => solve(input), runs);
    rows.push({
      subject,
      learners: input.learners.length,
      projects,
      runs,
      ms,
      objective: result.objective,
      unmatched: result.unmatched.length,
    });
  }
  return rows;
}
