/**
 * The weekly round at cohort scale: planRound against the plain exact solver (where it finishes)
 * and the greedy pairing on one server of 10,000 learners in two shapes, planRound alone on one
 * project of 100,000, and the event loop's longest block while a 100,000-learner round runs end
 * to end on a real database (read in chunks, planned in a worker, written in one transaction).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Db } from '../src/db/schema.js';
import { compareObjectives } from '../src/pairing/round.js';
import { commitWeeklyRound, planWeeklyRound } from '../src/pairing/weekly.js';
import { prepareDatabase } from '../src/setup.js';
import {
  buildCommunity,
  type Community,
  cohortShape,
  storeCommunity,
} from '../tests/support/community.js';
import { watchEventLoop } from '../tests/support/event-loop.js';
import type { SuiteResult } from './report.js';
import { benchRound, type RoundBenchRow, roundValues } from './round.js';
import { summarize } from './stats.js';

export type CohortRoundParts = Pick<
  SuiteResult,
  'timings' | 'values' | 'ratios' | 'goals' | 'notes'
>;

const runs = 7;
const goals = { oneProjectMs: 200, hundredThousandMs: 2000, blockMs: 50 };
export const cohortGuildId = 'cohort-bench';

/** The cohort of `projectSizes`, with eight weeks of earlier rounds (tests/support/community.ts). */
export const cohort = (projectSizes: number[]): Community =>
  buildCommunity({ ...cohortShape, projectSizes });

/** What a round end to end did, and how long the event loop was held at most meanwhile. */
export interface EndToEndRound {
  /** Pairs written. */
  pairs: number;
  /** Reading in chunks and planning in the worker, in ms. */
  planMs: number;
  /** The transaction that checks and writes the pairs, in ms. */
  commitMs: number;
  /** The longest gap between two turns of the event loop, in ms. */
  longestBlockMs: number;
  /** The largest event-loop delay monitorEventLoopDelay saw (1 ms resolution), in ms. */
  maxDelayMs: number;
}

/**
 * One weekly round on `db` end to end, as a sync-up runs it: planned (read in chunks, computed in
 * a worker), then committed in a transaction. Measures the event loop's longest block meanwhile
 * by timing every turn; other work (say, answering /learning) may run alongside.
 */
export async function roundEndToEnd(db: Db, guildId: string, now: Date): Promise<EndToEndRound> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const loop = watchEventLoop();
  delay.enable();
  try {
    const started = performance.now();
    const round = await planWeeklyRound(db, guildId, now);
    const planned = performance.now();
    const formed = await db
      .transaction()
      .execute((trx) => commitWeeklyRound(trx, guildId, round, now));
    if (formed === 'stale') throw new Error('the round went stale with nothing else writing');
    return {
      pairs: formed.length,
      planMs: planned - started,
      commitMs: performance.now() - planned,
      longestBlockMs: loop.stop(),
      maxDelayMs: delay.max / 1e6,
    };
  } finally {
    loop.stop();
    delay.disable();
  }
}

/** A migrated database in a temporary folder holding `community`; `close` removes it. */
export async function cohortDatabase(community: Community) {
  const dir = mkdtempSync(join(tmpdir(), 'nexus-cohort-'));
  const { db } = await prepareDatabase(join(dir, 'nexus.db'), community.now);
  await storeCommunity(db, cohortGuildId, community);
  return {
    db,
    close: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const count = (value: number) => value.toLocaleString('en');

export async function cohortRoundParts(): Promise<CohortRoundParts> {
  const split = cohort([2000, 2000, 2000, 2000, 2000]);
  const single = cohort([10000]);
  const huge = cohort([100000]);
  const splitRows = {
    ours: benchRound('planRound', split, runs),
    exact: benchRound('exact learner flow', split, 1),
    greedy: benchRound('greedy', split, runs),
  };
  const singleRows = {
    ours: benchRound('planRound', single, runs),
    greedy: benchRound('greedy', single, runs),
  };
  const hugeRow = benchRound('planRound', huge, 3);

  const database = await cohortDatabase(huge);
  let endToEnd: EndToEndRound;
  try {
    endToEnd = await roundEndToEnd(database.db, cohortGuildId, huge.now);
  } finally {
    await database.close();
  }

  const splitName = '10,000 learners in 5 projects of 2,000';
  const singleName = '10,000 learners in one project';
  const hugeName = '100,000 learners in one project';
  const exactMatch =
    compareObjectives(splitRows.ours.result.objective, splitRows.exact.result.objective) === 0;
  const timing = (label: string, row: RoundBenchRow) =>
    summarize(`${label}: ${row.solver}`, row.samples);
  const coveredRatio = (ours: RoundBenchRow, greedy: RoundBenchRow) =>
    ours.result.objective.covered / greedy.result.objective.covered;
  return {
    timings: [
      timing(splitName, splitRows.ours),
      timing(splitName, splitRows.exact),
      timing(splitName, splitRows.greedy),
      timing(singleName, singleRows.ours),
      timing(singleName, singleRows.greedy),
      timing(hugeName, hugeRow),
    ],
    values: [
      ...roundValues(`${splitName}, planRound`, splitRows.ours),
      ...roundValues(`${splitName}, exact learner flow`, splitRows.exact),
      ...roundValues(`${splitName}, greedy`, splitRows.greedy),
      ...roundValues(`${singleName}, planRound`, singleRows.ours),
      ...roundValues(`${singleName}, greedy`, singleRows.greedy),
      ...roundValues(`${hugeName}, planRound`, hugeRow),
      { name: `end to end, ${hugeName}: pairs written`, value: endToEnd.pairs, unit: 'pairs' },
      { name: `end to end, ${hugeName}: read and plan`, value: endToEnd.planMs, unit: 'ms' },
      { name: `end to end, ${hugeName}: commit transaction`, value: endToEnd.commitMs, unit: 'ms' },
      {
        name: `end to end, ${hugeName}: longest event-loop block (gap between two turns)`,
        value: endToEnd.longestBlockMs,
        unit: 'ms',
      },
      {
        name: `end to end, ${hugeName}: max event-loop delay (monitorEventLoopDelay)`,
        value: endToEnd.maxDelayMs,
        unit: 'ms',
      },
    ],
    ratios: [
      {
        name: `${splitName}: planRound time ÷ exact learner flow time (median)`,
        value: splitRows.ours.ms / splitRows.exact.ms,
      },
      {
        name: `${splitName}: planRound learners with a partner ÷ greedy's`,
        value: coveredRatio(splitRows.ours, splitRows.greedy),
      },
      {
        name: `${singleName}: planRound learners with a partner ÷ greedy's`,
        value: coveredRatio(singleRows.ours, singleRows.greedy),
      },
    ],
    goals: [
      {
        goal: `planRound: ${singleName} under ${goals.oneProjectMs} ms (median)`,
        actual: `${singleRows.ours.ms.toFixed(1)} ms`,
        met: singleRows.ours.ms < goals.oneProjectMs,
      },
      {
        goal: `planRound: ${hugeName} under ${goals.hundredThousandMs / 1000} s (median)`,
        actual: `${hugeRow.ms.toFixed(0)} ms`,
        met: hugeRow.ms < goals.hundredThousandMs,
      },
      {
        goal: `planRound's objective equals the exact solver's where known (${splitName})`,
        actual: exactMatch ? 'equal' : 'different',
        met: exactMatch,
      },
      {
        goal: `event loop never blocked ${goals.blockMs} ms or more by a round end to end (${hugeName})`,
        actual: `longest block ${endToEnd.longestBlockMs.toFixed(1)} ms`,
        met: endToEnd.longestBlockMs < goals.blockMs,
      },
    ],
    notes: [
      `One server's weekly round, from bench/cohort-round.ts. Communities from tests/support/community.ts: random roles, 1–3 partners at most, 8 time zones, eight weeks of earlier rounds (half the smaller role paired each week; 30% of pairs still active), 5% of learners paused (so 10,000 learners are ${count(split.learners.length)} in the round, and 100,000 are ${count(huge.learners.length)}). planRound solves each project on a network of classes of interchangeable learners, realises it as real pairs and checks them against the class network's bound (see src/pairing/round.ts); the exact learner flow is the plain min-cost flow over every learner and every allowed pair (tests/pairing/baselines.ts: an edge for every allowed pair, about a million in a project of 2,000, so it is only run there); the greedy pairing takes allowed pairs nearest time zones first. Times are medians of ${runs} runs after a warm-up (3 at 100,000, 1 for the exact solver).`,
      `End to end: a migrated SQLite database (prepareDatabase) holding the 100,000-learner project and its ${count(huge.history.length)} earlier pairs; planWeeklyRound reads learners and pairs in chunks of 2,000 rows a turn of the event loop apart, plans in a worker thread (input sent in slices, pairs returned as indices), and commitWeeklyRound checks the server's pairing revision and inserts the pairs 1,000 rows a statement, a turn apart, in one transaction. The longest block is the longest gap between two consecutive turns of a setImmediate loop run alongside.`,
    ],
  };
}
