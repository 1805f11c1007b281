import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareObjectives,
  evaluateRound,
  greedyRound,
  maxExactProjectSize,
  type PairRef,
  type PastPair,
  planRound,
  type RoundInput,
  type RoundLearner,
  type RoundObjective,
  type RoundResult,
} from '../../src/pairing/round.js';
import { timezoneDistanceMinutes } from '../../src/timezone.js';

const ZONES = [
  'UTC',
  'Africa/Lagos',
  'Africa/Nairobi',
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Adelaide',
] as const;
const JANUARY = new Date('2025-01-15T12:00:00Z');
const JULY = new Date('2025-07-15T12:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// An independent statement of the rules and the objective, straight from the specification.

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
  const allowed: PairRef[] = [];
  for (const b of input.learners) {
    for (const f of input.learners) {
      if (b.role !== 'backend' || f.role !== 'frontend' || b.project !== f.project) continue;
      if (active.has(unordered(b.id, f.id)) || room(b.id) === 0 || room(f.id) === 0) continue;
      allowed.push({ backendId: b.id, frontendId: f.id });
    }
  }
  return { byId, active, activeCount, recent, room, allowed };
}

function objectiveOf(input: RoundInput, pairs: readonly PairRef[]): RoundObjective {
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
function expectValid(input: RoundInput, result: RoundResult): void {
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
  expect(evaluateRound(input, result.pairs)).toEqual(result.objective);
}

/** The best objective over EVERY valid set of new pairs, by exhaustive search. */
function bruteForceBest(input: RoundInput): RoundObjective {
  const { allowed, room } = rulesOf(input);
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

// ---------------------------------------------------------------------------------------------
// Random communities: learners in a few projects, active pairs (some with paused learners, some
// across projects, some duplicated, some beyond maxPartners) and a history around `now`.

interface Shape {
  backends: number;
  frontends: number;
  projects: number;
  maxPartners: number;
}

function roundInput(shape: Shape): fc.Arbitrary<RoundInput> {
  const spec = fc.record({
    project: fc.nat({ max: shape.projects - 1 }),
    maxPartners: fc.integer({ min: 1, max: shape.maxPartners }),
    timezone: fc.constantFrom(...ZONES),
  });
  return fc
    .tuple(
      fc.array(spec, { maxLength: shape.backends }),
      fc.array(spec, { maxLength: shape.frontends }),
    )
    .chain(([backendSpecs, frontendSpecs]) => {
      const learners: RoundLearner[] = [
        ...backendSpecs.map((s, k) => ({ id: `b${k}`, role: 'backend' as const, ...s })),
        ...frontendSpecs.map((s, k) => ({ id: `f${k}`, role: 'frontend' as const, ...s })),
      ].map(({ id, role, project, maxPartners, timezone }) => ({
        id,
        project: `p${project}`,
        role,
        maxPartners,
        timezone,
      }));
      const backendIds = [...backendSpecs.map((_, k) => `b${k}`), 'paused-b'];
      const frontendIds = [...frontendSpecs.map((_, k) => `f${k}`), 'paused-f'];
      const pair = fc.record({
        backendId: fc.constantFrom(...backendIds),
        frontendId: fc.constantFrom(...frontendIds),
      });
      return fc.record({
        learners: fc.shuffledSubarray(learners, {
          minLength: learners.length,
          maxLength: learners.length,
        }),
        activePairs: fc.array(pair, { maxLength: 6 }),
        history: fc.array(
          fc.tuple(pair, fc.integer({ min: -3, max: 45 }), fc.constantFrom(JANUARY, JULY)),
          { maxLength: 8 },
        ),
        now: fc.constantFrom(JANUARY, JULY),
        seed: fc.integer(),
      });
    })
    .map(({ learners, activePairs, history, now, seed }) => ({
      learners,
      activePairs,
      // Ages in days relative to `now` (negative: dated after it).
      history: history.map(
        ([p, ageDays]): PastPair => ({
          ...p,
          formedAt: new Date(now.getTime() - ageDays * DAY_MS),
        }),
      ),
      now,
      seed,
    }));
}

const small = roundInput({ backends: 4, frontends: 4, projects: 2, maxPartners: 2 });
const medium = roundInput({ backends: 18, frontends: 18, projects: 4, maxPartners: 3 });

describe('planRound on random communities', () => {
  it('proposes only valid new pairs and reports them truthfully', () => {
    fc.assert(
      fc.property(medium, (input) => {
        expectValid(input, planRound(input));
        expectValid(input, greedyRound(input));
      }),
      { numRuns: 200 },
    );
  });

  it('matches the optimum of an exhaustive search on small communities', () => {
    fc.assert(
      fc.property(small, (input) => {
        const result = planRound(input);
        expectValid(input, result);
        const best = bruteForceBest(input);
        expect(compareObjectives(result.objective, best)).toBe(0);
        expect(result.objective).toEqual(best);
      }),
      { numRuns: 400 },
    );
  });

  it('is never worse than the greedy baseline', () => {
    fc.assert(
      fc.property(medium, (input) => {
        const round = planRound(input).objective;
        const greedy = greedyRound(input).objective;
        expect(compareObjectives(round, greedy)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic for a seed, whatever the order of its input', () => {
    fc.assert(
      fc.property(medium, (input) => {
        const first = planRound(input);
        expect(planRound(input)).toEqual(first);
        const reordered: RoundInput = {
          ...input,
          learners: [...input.learners].reverse(),
          activePairs: [...input.activePairs].reverse(),
          history: [...input.history].reverse(),
        };
        expect(planRound(reordered)).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-written communities.

function learner(
  id: string,
  role: RoundLearner['role'],
  timezone: string,
  maxPartners = 1,
  project = 'atlas',
): RoundLearner {
  return { id, project, role, maxPartners, timezone };
}

function community(
  learners: RoundLearner[],
  extra: Partial<Omit<RoundInput, 'learners'>> = {},
): RoundInput {
  return { learners, activePairs: [], history: [], now: JANUARY, seed: 7, ...extra };
}

describe('planRound on hand-written communities', () => {
  it('forms two pairs where greedy takes the closest pair and blocks the second', () => {
    const input = community(
      [
        learner('b1', 'backend', 'UTC'),
        learner('b2', 'backend', 'Asia/Tokyo', 2),
        learner('f1', 'frontend', 'UTC'),
        learner('f2', 'frontend', 'Asia/Tokyo', 2),
      ],
      { activePairs: [{ backendId: 'b2', frontendId: 'f2' }] },
    );
    const greedy = greedyRound(input);
    expect(greedy.pairs).toEqual([{ backendId: 'b1', frontendId: 'f1' }]);
    const round = planRound(input);
    expect(round.pairs).toEqual([
      { backendId: 'b1', frontendId: 'f2' },
      { backendId: 'b2', frontendId: 'f1' },
    ]);
    expect(round.objective).toEqual({ pairs: 2, covered: 4, repeats: 0, timezoneDistance: 1080 });
    expect(compareObjectives(round.objective, greedy.objective)).toBeLessThan(0);
    expect(round.unmatched).toEqual([]);
  });

  it('prefers covering someone with no partner over a closer timezone', () => {
    const input = community(
      [
        learner('b1', 'backend', 'UTC', 2),
        learner('b2', 'backend', 'Asia/Tokyo'),
        learner('f0', 'frontend', 'UTC'),
        learner('f1', 'frontend', 'UTC'),
      ],
      { activePairs: [{ backendId: 'b1', frontendId: 'f0' }] },
    );
    expect(greedyRound(input).pairs).toEqual([{ backendId: 'b1', frontendId: 'f1' }]);
    const round = planRound(input);
    expect(round.pairs).toEqual([{ backendId: 'b2', frontendId: 'f1' }]);
    expect(round.objective.covered).toBe(4);
  });

  it('avoids a pair formed in the last four weeks when an alternative exists', () => {
    const learners = [
      learner('b1', 'backend', 'UTC'),
      learner('f1', 'frontend', 'UTC'),
      learner('f2', 'frontend', 'Asia/Tokyo'),
    ];
    const history: PastPair[] = [
      { backendId: 'b1', frontendId: 'f1', formedAt: new Date(JANUARY.getTime() - 7 * DAY_MS) },
      { backendId: 'b1', frontendId: 'f2', formedAt: new Date(JANUARY.getTime() - 35 * DAY_MS) },
    ];
    const round = planRound(community(learners, { history }));
    expect(round.pairs).toEqual([{ backendId: 'b1', frontendId: 'f2' }]);
    expect(round.objective.repeats).toBe(0);
    expect(greedyRound(community(learners, { history })).objective.repeats).toBe(1);

    // With no alternative, a repeat is still better than no pair at all.
    const onlyRepeat = planRound(community(learners.slice(0, 2), { history }));
    expect(onlyRepeat.pairs).toEqual([{ backendId: 'b1', frontendId: 'f1' }]);
    expect(onlyRepeat.objective.repeats).toBe(1);
  });

  it('ignores paused learners and gives nothing to learners already at their maximum', () => {
    const input = community(
      [
        learner('b1', 'backend', 'UTC'),
        learner('b2', 'backend', 'UTC'),
        learner('f1', 'frontend', 'UTC'),
        learner('f2', 'frontend', 'UTC', 2),
        learner('f3', 'frontend', 'UTC'),
      ],
      {
        activePairs: [
          { backendId: 'b1', frontendId: 'paused' },
          { backendId: 'b2', frontendId: 'f2' },
          { backendId: 'b2', frontendId: 'f2' },
        ],
      },
    );
    const round = planRound(input);
    expectValid(input, round);
    expect(round.pairs.some((p) => p.backendId === 'b2')).toBe(false);
    expect(round.pairs.filter((p) => p.backendId === 'b1')).toHaveLength(1);
    expect(round.unmatched).not.toContain('paused');
    expect(round.objective.pairs).toBe(1);
  });

  it('never pairs across projects or within a role', () => {
    const input = community([
      learner('b1', 'backend', 'UTC', 3, 'atlas'),
      learner('b2', 'backend', 'UTC', 3, 'atlas'),
      learner('f1', 'frontend', 'UTC', 3, 'borealis'),
    ]);
    const round = planRound(input);
    expect(round.pairs).toEqual([]);
    expect(round.unmatched).toEqual(['b1', 'b2', 'f1']);
  });

  it('follows daylight saving time: London and UTC are an hour apart in July only', () => {
    const learners = [learner('b1', 'backend', 'Europe/London'), learner('f1', 'frontend', 'UTC')];
    expect(planRound(community(learners, { now: JANUARY })).objective.timezoneDistance).toBe(0);
    expect(planRound(community(learners, { now: JULY })).objective.timezoneDistance).toBe(60);
  });

  it('breaks exact ties by seed, reproducibly', () => {
    const input = community([
      learner('b1', 'backend', 'UTC'),
      learner('f1', 'frontend', 'Africa/Lagos'),
      learner('f2', 'frontend', 'Africa/Lagos'),
    ]);
    const picks = new Set<string>();
    for (let seed = 0; seed < 32; seed++) {
      const round = planRound({ ...input, seed });
      expect(planRound({ ...input, seed })).toEqual(round);
      expect(round.objective).toEqual({ pairs: 1, covered: 2, repeats: 0, timezoneDistance: 60 });
      picks.add(round.pairs[0]?.frontendId ?? 'none');
    }
    expect([...picks].sort()).toEqual(['f1', 'f2']);
  });

  it('rejects duplicate learner ids', () => {
    const input = community([learner('b1', 'backend', 'UTC'), learner('b1', 'frontend', 'UTC')]);
    expect(() => planRound(input)).toThrow(RangeError);
  });
});

describe('a project too large for the exact solver', () => {
  it('is paired greedily, within the rules, and fast', () => {
    const learners = Array.from({ length: maxExactProjectSize + 50 }, (_, i) => ({
      id: `l${String(i).padStart(4, '0')}`,
      project: 'huge',
      role: i % 2 === 0 ? ('backend' as const) : ('frontend' as const),
      maxPartners: 1 + (i % 3),
      timezone: i % 3 === 0 ? 'Africa/Lagos' : 'Europe/London',
    }));
    const input = {
      learners,
      activePairs: [],
      history: [],
      now: new Date('2026-11-23T09:00:00Z'),
      seed: 1,
    };
    const planned = planRound(input);
    expect(planned.pairs).toEqual(greedyRound(input).pairs);
    expect(planned.pairs.length).toBeGreaterThan(0);
  });
});
