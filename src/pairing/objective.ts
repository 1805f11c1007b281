/**
 * The round's objective, defined once: what a set of new pairs achieves, and how two rounds
 * compare. The solver, its self-check and the baselines all measure through `objectiveOf`.
 */

import { offsetDistanceMinutes } from '../timezone.js';
import { type PairRef, type Prepared, pairKey, type RoundLearner } from './round-input.js';

export interface RoundObjective {
  /** New pairs formed this round. */
  pairs: number;
  /** Learners (of `learners`) with at least one partner after the round, active or new. */
  covered: number;
  /** New pairs that were already formed within the last 4 weeks. */
  repeats: number;
  /** Sum over new pairs of the timezone distance in minutes at `now`. */
  timezoneDistance: number;
}
export interface RoundResult {
  /** Sorted by backendId, then frontendId. */
  pairs: PairRef[];
  /** Ids of learners (of `learners`) with no partner at all after the round, sorted. */
  unmatched: string[];
  objective: RoundObjective;
}

/** <0 when `a` is the better round, >0 when `b` is, 0 when they are equally good. */
export function compareObjectives(a: RoundObjective, b: RoundObjective): number {
  return (
    b.pairs - a.pairs ||
    b.covered - a.covered ||
    a.repeats - b.repeats ||
    a.timezoneDistance - b.timezoneDistance
  );
}

/**
 * The objective of proposing `pairs` (learner indices `[b0, f0, b1, f1, ...]`) as new pairs.
 * `covered` counts over `among` (learner indices; every learner when omitted), which must hold
 * every learner of `pairs`. Does not check the rules.
 */
export function objectiveOf(
  prep: Prepared,
  pairs: ArrayLike<number>,
  among?: ArrayLike<number>,
): RoundObjective {
  const n = prep.learners.length;
  const newlyCovered = new Set<number>();
  let repeats = 0;
  let timezoneDistance = 0;
  for (let k = 0; k < pairs.length; k += 2) {
    const b = pairs[k] as number;
    const f = pairs[k + 1] as number;
    if (prep.coveredBefore[b] === 0) newlyCovered.add(b);
    if (prep.coveredBefore[f] === 0) newlyCovered.add(f);
    if (prep.recent.has(pairKey(b, f, n))) repeats++;
    timezoneDistance += offsetDistanceMinutes(prep.offset[b] as number, prep.offset[f] as number);
  }
  let coveredBefore = prep.coveredBeforeCount;
  if (among !== undefined) {
    coveredBefore = 0;
    for (let k = 0; k < among.length; k++)
      coveredBefore += prep.coveredBefore[among[k] as number] as number;
  }
  return {
    pairs: pairs.length / 2,
    covered: coveredBefore + newlyCovered.size,
    repeats,
    timezoneDistance,
  };
}

/** `pairs` (learner indices) as the round's result: ids, sorted, with the unmatched and the objective. */
export function resultOf(prep: Prepared, pairs: readonly number[]): RoundResult {
  // Indices follow id order, so sorting them sorts by id.
  const order: number[] = [];
  for (let k = 0; k < pairs.length; k += 2) order.push(k);
  order.sort(
    (x, y) =>
      (pairs[x] as number) - (pairs[y] as number) ||
      (pairs[x + 1] as number) - (pairs[y + 1] as number),
  );
  const partnered = Uint8Array.from(prep.coveredBefore);
  const refs: PairRef[] = [];
  for (const k of order) {
    const b = pairs[k] as number;
    const f = pairs[k + 1] as number;
    partnered[b] = 1;
    partnered[f] = 1;
    refs.push({
      backendId: (prep.learners[b] as RoundLearner).id,
      frontendId: (prep.learners[f] as RoundLearner).id,
    });
  }
  const unmatched: string[] = [];
  for (let i = 0; i < prep.learners.length; i++)
    if (partnered[i] === 0) unmatched.push((prep.learners[i] as RoundLearner).id);
  return { pairs: refs, unmatched, objective: objectiveOf(prep, pairs) };
}
