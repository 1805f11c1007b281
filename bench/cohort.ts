/**
 * Cohort scale: one server of thousands of learners on a handful of shared projects. The round
 * (bench/cohort-round.ts), /learning while a 100,000-learner round runs, a weekly sync-up through
 * the real client at Discord's pace (bench/cohort-sync.ts), and /project show at 10,000 learners
 * (bench/cohort-lists.ts), side by side in one run.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { storeCommunity } from '../tests/support/community.js';
import { askLearningDocker, createNexusRouter } from './bots.js';
import { measureCohortLists } from './cohort-lists.js';
import {
  type CohortRoundParts,
  cohort,
  cohortGuildId,
  cohortRoundParts,
  roundEndToEnd,
} from './cohort-round.js';
import { cohortSyncParts } from './cohort-sync.js';
import type { SuiteResult } from './report.js';
import { summarize } from './stats.js';

const idleCalls = 2000;
const p99Goal = 1.5;

/**
 * /learning answered one call after another, each arriving as a network event would (a macrotask),
 * timed from its arrival to its answer, so a blocked event loop shows in its time.
 */
export function learningCaller(router: Awaited<ReturnType<typeof createNexusRouter>>['router']) {
  return async (): Promise<number> => {
    const arrived = performance.now();
    await new Promise((resolve) => setImmediate(resolve));
    await askLearningDocker(router);
    return performance.now() - arrived;
  };
}

/** /learning p99 idle, then while a 100,000-learner round runs end to end on the same connection. */
async function learningDuringRound(): Promise<CohortRoundParts> {
  const dir = mkdtempSync(join(tmpdir(), 'nexus-cohort-learning-'));
  const { db, router, close } = await createNexusRouter(join(dir, 'nexus.db'));
  try {
    const huge = cohort([100_000]);
    await storeCommunity(db, cohortGuildId, huge);
    const call = learningCaller(router);
    for (let i = 0; i < 200; i++) await call();
    const idle: number[] = [];
    for (let i = 0; i < idleCalls; i++) idle.push(await call());
    const during: number[] = [];
    let running = true;
    const round = roundEndToEnd(db, cohortGuildId, huge.now).finally(() => {
      running = false;
    });
    while (running) during.push(await call());
    const ended = await round;
    const [quiet, busy] = [
      summarize('/learning, no round running', idle),
      summarize('/learning while a 100,000-learner round runs end to end', during),
    ];
    const ratio = busy.p99 / quiet.p99;
    return {
      timings: [quiet, busy],
      values: [
        {
          name: '/learning during the round: longest event-loop block',
          value: ended.longestBlockMs,
          unit: 'ms',
        },
      ],
      ratios: [{ name: '/learning p99 during a 100,000-learner round ÷ p99 idle', value: ratio }],
      goals: [
        {
          goal: `/learning p99 while a 100,000-learner round runs within ${p99Goal}× its idle p99`,
          actual: `${busy.p99.toFixed(2)} ms against ${quiet.p99.toFixed(2)} ms (${ratio.toFixed(2)}×, ${busy.n} calls during the round)`,
          met: ratio <= p99Goal,
        },
      ],
      notes: [
        `/learning docker through the real router over one database connection that also holds the 100,000-learner project (and the shipped learnings), each call starting as a macrotask and timed from then to its answer: ${idleCalls.toLocaleString('en')} calls with nothing else running, then calls one after another for as long as a round runs end to end (chunked reads, the worker, the commit transaction). The calls go through the router as the bot's do, its /learning page cache included (kept until the database changes, so the round's commit invalidates it); the p99 over that many calls shows whether the round holds the event loop or the connection for long, the max shows the worst single wait.`,
      ],
    };
  } finally {
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function cohortSuite(): Promise<SuiteResult> {
  const parts = [
    await cohortRoundParts(),
    await learningDuringRound(),
    await cohortSyncParts(),
    await measureCohortLists(),
  ];
  return {
    suite: 'cohort',
    title: 'Cohort: one server of 10,000 learners, a handful of shared projects',
    timings: parts.flatMap((p) => p.timings),
    values: parts.flatMap((p) => p.values),
    ratios: parts.flatMap((p) => p.ratios),
    goals: parts.flatMap((p) => p.goals),
    notes: parts.flatMap((p) => p.notes),
  };
}
