/**
 * The weekly pairing round: proposes NEW backend/frontend pairs inside each project, optimally at
 * any project size.
 *
 * Pure: no I/O, no clock (`now` is an input), no Math.random (`seed` is an input). The same input
 * and seed give an identical result, pair order included, whatever the order of the input arrays.
 *
 * Rules
 * - A new pair joins a backend and a frontend learner of the same project, is not already active,
 *   and appears once.
 * - Nobody ends up with more than `maxPartners` partners, counting active ones; a learner whose
 *   active pairs already reach the maximum gets nothing.
 * - Only learners in `input.learners` count. An active pair counts (for capacity, coverage and
 *   "already active") only when BOTH its learners are in `input.learners`: a pair with a paused
 *   learner is ignored entirely, so it frees a slot for the other learner.
 * - Learner ids must be unique (a RangeError otherwise).
 *
 * Objective, lexicographic: (1) most new pairs; (2) most learners with at least one partner after
 * the round (`covered`); (3) fewest new pairs also formed within the last 4 weeks according to
 * `history` (`repeats`: `now - formedAt <= 28 days`, so a future date counts as recent too);
 * (4) least total timezone distance, in minutes at `now`, over new pairs (a zone the runtime does
 * not know is treated as UTC). Between equally good rounds, `seed` chooses (it orders learners
 * within their class).
 *
 * How, per project (projects share no learner, and the order is compatible with addition, so
 * per-project optima sum to the global one). The exact model is a min-cost flow with one node per
 * learner and one edge per allowed pair: a big project is nearly a complete bipartite graph, far
 * too many edges. But its costs depend only on each learner's class (UTC offset, slots, already
 * covered) except on a few exceptions (active pairs are forbidden, recent ones are repeats).
 * 1. Solve the class network (class-network.ts): classes as nodes, exceptions ignored except
 *    between singled-out learners. It is a relaxation, so its optimum is a lower bound.
 * 2. Realise it (realise.ts): real pairs between the classes it pairs, avoiding every exception,
 *    each learner taking an even share of their class's pairs.
 * 3. If the real pairs achieve the bound (checked with the one objective function), they are
 *    optimal: nothing valid can beat a lower bound. Otherwise single out the learners left short
 *    and their exception partners, whose exceptions then count exactly, and start again; when
 *    nobody new can be singled out, single out everyone: the network is then the exact one, whose
 *    optimal flow is its own realisation. Correctness never rests on the realisation succeeding,
 *    only the speed does.
 */

import { solveClasses } from './class-network.js';
import { MinCostFlow } from './min-cost-flow.js';
import { compareObjectives, objectiveOf, type RoundResult, resultOf } from './objective.js';
import { realise } from './realise.js';
import { type Prepared, type ProjectInRound, prepare, type RoundInput } from './round-input.js';

export type { RoundObjective, RoundResult } from './objective.js';
export { compareObjectives } from './objective.js';
export type { PairRef, PastPair, RoundInput, RoundLearner } from './round-input.js';
export { REPEAT_WINDOW_MS } from './round-input.js';

export function planRound(input: RoundInput): RoundResult {
  const prep = prepare(input);
  const rank = seededRanks(prep, input.seed);
  const single = new Uint8Array(prep.learners.length);
  const network = new MinCostFlow();
  const chosen: number[] = [];
  for (const project of prep.projects) {
    for (const learner of planProject(prep, project, rank, single, network)) chosen.push(learner);
  }
  return resultOf(prep, chosen);
}

/** The project's optimal new pairs, as learner indices `[b0, f0, b1, f1, ...]`. */
function planProject(
  prep: Prepared,
  project: ProjectInRound,
  rank: Uint32Array,
  single: Uint8Array,
  network: MinCostFlow,
): number[] {
  const inRound = [...project.backends, ...project.frontends];

  for (let everyoneSingle = false; ; ) {
    const solution = solveClasses(prep, project, rank, single, network);
    const { pairs, short } = realise(prep, solution);
    const exact = compareObjectives(objectiveOf(prep, pairs, inRound), solution.bound) === 0;
    if (short.length === 0 && exact) return pairs;
    if (everyoneSingle)
      throw new Error('planRound: the exact network did not realise its own optimum');
    if (!singleOut(prep, short, single)) {
      for (const i of inRound) single[i] = 1;
      everyoneSingle = true;
    }
  }
}

/** Singles out `learners` and their exception partners in the round; false if all already were. */
function singleOut(prep: Prepared, learners: readonly number[], single: Uint8Array): boolean {
  let added = false;
  const mark = (i: number) => {
    if (single[i] === 1 || (prep.residual[i] as number) === 0) return;
    single[i] = 1;
    added = true;
  };
  for (const i of learners) {
    mark(i);
    const end = prep.exceptionStart[i + 1] as number;
    for (let k = prep.exceptionStart[i] as number; k < end; k++)
      mark(prep.exceptionPartners[k] as number);
  }
  return added;
}

// A seeded 32-bit rank per learner, from the seed and the learner's id (not their index, so a
// learner keeps their rank when others join or leave).

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function seededRanks(prep: Prepared, seed: number): Uint32Array {
  const whole = Number.isFinite(seed) ? Math.trunc(seed) : 0;
  const seedHash = fmix32((whole >>> 0) ^ fmix32(Math.floor(whole / 2 ** 32) ^ 0x9e3779b9));
  return Uint32Array.from(prep.learners, (learner) =>
    fmix32(seedHash ^ fmix32(hashString(learner.id))),
  );
}
