import { performance } from 'node:perf_hooks';
import {
  planRound,
  REPEAT_WINDOW_MS,
  type RoundInput,
  type RoundResult,
} from '../src/pairing/round.js';
import { greedyRound, learnerFlowRound } from '../tests/pairing/baselines.js';
import { buildCommunity, cohortShape } from '../tests/support/community.js';
import type { Value } from './report.js';

/** The round's solvers, by the name the reports give them. */
export const solvers = {
  planRound,
  'exact learner flow': learnerFlowRound,
  greedy: greedyRound,
} satisfies Record<string, (input: RoundInput) => RoundResult>;
export type Solver = keyof typeof solvers;

/** One solver's round over one community: its times and what it achieves. */
export interface RoundBenchRow {
  solver: Solver;
  learners: number;
  projects: number;
  /** Wall time of each timed round, in ms. */
  samples: number[];
  /** Median of `samples`. */
  ms: number;
  result: RoundResult;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Times `runs` rounds of `solver` on `input` after one warm-up (JIT, Intl formatter cache). */
export function benchRound(solver: Solver, input: RoundInput, runs: number): RoundBenchRow {
  const solve = solvers[solver];
  let result = solve(input);
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    result = solve(input);
    samples.push(performance.now() - start);
  }
  const projects = new Set(input.learners.map((learner) => learner.project)).size;
  return {
    solver,
    learners: input.learners.length,
    projects,
    samples,
    ms: median(samples),
    result,
  };
}

const weeks = REPEAT_WINDOW_MS / (7 * 24 * 60 * 60 * 1000);

/** What one solver's round achieved, named (after `label`) so that a table reads on its own. */
export function roundValues(label: string, row: RoundBenchRow): Value[] {
  const { objective, unmatched } = row.result;
  return [
    { name: `${label}: median time of one round`, value: row.ms, unit: 'ms' },
    { name: `${label}: new pairs formed`, value: objective.pairs, unit: 'pairs' },
    {
      name: `${label}: repeats (new pairs already formed in the last ${weeks} weeks)`,
      value: objective.repeats,
      unit: 'pairs',
    },
    {
      name: `${label}: learners with a partner after the round`,
      value: objective.covered,
      unit: 'learners',
    },
    { name: `${label}: learners left with no partner`, value: unmatched.length, unit: 'learners' },
    {
      name: `${label}: total time-zone distance over new pairs`,
      value: objective.timezoneDistance,
      unit: 'minutes',
    },
  ];
}

/**
 * planRound against the greedy pairing on many small projects: 10,000 learners in 1,000 projects
 * of 10, with eight weeks of earlier rounds.
 */
export function runRoundBench(runs = 7, projects = 1000): RoundBenchRow[] {
  const input = buildCommunity({ ...cohortShape, projectSizes: Array(projects).fill(10) });
  return [benchRound('planRound', input, runs), benchRound('greedy', input, runs)];
}
