/**
 * An independent statement of the round's rules and objective, straight from the specification
 * in src/pairing/round.ts (ids and zone names, no shared code), for the round tests to judge by.
 */

import { expect } from 'vitest';
import {
  compareObjectives,
  type PairRef,
  type RoundInput,
  type RoundLearner,
  type RoundObjective,
  type RoundResult,
} from '../../src/pairing/round.js';
import { timezoneDistanceMinutes } from '../../src/timezone.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const unordered = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

function rulesOf(input: RoundInput) {
  const byId = new Map(input.learners.map((l) => [l.id, l]));
  const active = new Set<string>();
  const activeCount = new Map<string, number>();
  for (const { backendId, frontendId } of input.activePairs) {
    if (!byId.has(backendId) || !byId.has(frontendId) || backendId === frontendId) continue;
    const key = unordered(backendId, frontendId);
    if (active.has(key)) continue;
    active.add(key);
    for (const id of [backendId, frontendId]) activeCount.set(id, (activeCount.get(id) ?? 0) + 1);
  }
  const recent = new Set(
    input.history
      .filter((p) => input.now.getTime() - p.formedAt.getTime() <= 28 * DAY_MS)
      .map((p) => unordered(p.backendId, p.frontendId)),
  );
  const room = (id: string) =>
    Math.max(0, (byId.get(id)?.maxPartners ?? 0) - (activeCount.get(id) ?? 0));
  return { byId, active, activeCount, recent, room };
}

/** The objective of proposing `pairs` as the round's new pairs. */
export function objectiveOf(input: RoundInput, pairs: readonly PairRef[]): RoundObjective {
  const { byId, activeCount, recent } = rulesOf(input);
  const partnered = new Set([...activeCount.keys()]);
  let repeats = 0;
  let timezoneDistance = 0;
  for (const { backendId, frontendId } of pairs) {
    partnered.add(backendId);
    partnered.add(frontendId);
    if (recent.has(unordered(backendId, frontendId))) repeats++;
    const b = byId.get(backendId) as RoundLearner;
    const f = byId.get(frontendId) as RoundLearner;
    timezoneDistance += timezoneDistanceMinutes(b.timezone, f.timezone, input.now);
  }
  return { pairs: pairs.length, covered: partnered.size, repeats, timezoneDistance };
}

/** Fails the test unless `result` follows every rule and reports itself truthfully. */
export function expectValid(input: RoundInput, result: RoundResult): void {
  const { byId, active, activeCount, room } = rulesOf(input);
  const seen = new Set<string>();
  const added = new Map<string, number>();
  for (const { backendId, frontendId } of result.pairs) {
    const b = byId.get(backendId);
    const f = byId.get(frontendId);
    expect(b, `${backendId} is a known learner`).toBeDefined();
    expect(f, `${frontendId} is a known learner`).toBeDefined();
    expect(b?.role).toBe('backend');
    expect(f?.role).toBe('frontend');
    expect(b?.project).toBe(f?.project);
    const key = unordered(backendId, frontendId);
    expect(active.has(key), `${key} is already active`).toBe(false);
    expect(seen.has(key), `${key} is proposed twice`).toBe(false);
    seen.add(key);
    for (const id of [backendId, frontendId]) added.set(id, (added.get(id) ?? 0) + 1);
  }
  for (const [id, count] of added) expect(count).toBeLessThanOrEqual(room(id));
  const sorted = [...result.pairs].sort(
    (x, y) =>
      (x.backendId < y.backendId ? -1 : x.backendId > y.backendId ? 1 : 0) ||
      (x.frontendId < y.frontendId ? -1 : x.frontendId > y.frontendId ? 1 : 0),
  );
  expect(result.pairs).toEqual(sorted);
  const unmatched = input.learners
    .map((l) => l.id)
    .filter((id) => !activeCount.has(id) && !added.has(id))
    .sort();
  expect(result.unmatched).toEqual(unmatched);
  expect(result.objective).toEqual(objectiveOf(input, result.pairs));
}

/** The best objective over EVERY valid set of new pairs, by exhaustive search (tiny inputs only). */
export function bruteForceBest(input: RoundInput): RoundObjective {
  const { active, room } = rulesOf(input);
  const allowed: PairRef[] = [];
  for (const b of input.learners) {
    for (const f of input.learners) {
      if (b.role !== 'backend' || f.role !== 'frontend' || b.project !== f.project) continue;
      if (active.has(unordered(b.id, f.id)) || room(b.id) === 0 || room(f.id) === 0) continue;
      allowed.push({ backendId: b.id, frontendId: f.id });
    }
  }
  const left = new Map(input.learners.map((l) => [l.id, room(l.id)]));
  const chosen: PairRef[] = [];
  let best = objectiveOf(input, []);
  const visit = (k: number): void => {
    const edge = allowed[k];
    if (edge === undefined) {
      const objective = objectiveOf(input, chosen);
      if (compareObjectives(objective, best) < 0) best = objective;
      return;
    }
    visit(k + 1);
    const { backendId: b, frontendId: f } = edge;
    if ((left.get(b) ?? 0) > 0 && (left.get(f) ?? 0) > 0) {
      left.set(b, (left.get(b) ?? 0) - 1);
      left.set(f, (left.get(f) ?? 0) - 1);
      chosen.push(edge);
      visit(k + 1);
      chosen.pop();
      left.set(b, (left.get(b) ?? 0) + 1);
      left.set(f, (left.get(f) ?? 0) + 1);
    }
  };
  visit(0);
  return best;
}
