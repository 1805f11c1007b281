import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRound, type RoundInput } from '../../src/pairing/round.js';
import { buildCommunity, type CommunityShape, cohortShape, ZONES } from '../support/community.js';
import { learnerFlowRound } from './baselines.js';
import { expectValid } from './rules.js';

/**
 * Cohort-shaped communities up to a few hundred learners a project: one to three projects, few
 * or many time zones, balanced or lopsided roles, 1..3 partners at most, up to eight weeks of
 * earlier rounds (up to every learner paired each week, so small projects have dense exceptions:
 * most pairs active or recent) and paused learners whose pairs remain.
 */
const cohort: fc.Arbitrary<CommunityShape> = fc.record({
  projectSizes: fc.array(
    fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 41, max: 300 })),
    { minLength: 1, maxLength: 3 },
  ),
  backendShare: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
  zones: fc.integer({ min: 1, max: ZONES.length }),
  maxPartners: fc.integer({ min: 1, max: 3 }),
  historyWeeks: fc.integer({ min: 0, max: 8 }),
  weeklyPairs: fc.double({ min: 0, max: 1.5, noNaN: true }),
  stillActive: fc.double({ min: 0, max: 1, noNaN: true }),
  paused: fc.double({ min: 0, max: 0.3, noNaN: true }),
  seed: fc.integer(),
  now: fc.constant(cohortShape.now),
});

describe('planRound at cohort shape', () => {
  it('achieves the objective of the plain learner-by-learner solver, within the rules', () => {
    fc.assert(
      fc.property(cohort, (shape) => {
        const input = buildCommunity(shape);
        const round = planRound(input);
        expectValid(input, round);
        expect(round.objective).toEqual(learnerFlowRound(input).objective);
      }),
      { numRuns: 120 },
    );
  });

  it('is deterministic whatever the input order, and lets the seed choose among equal rounds', () => {
    const input = buildCommunity({ ...cohortShape, projectSizes: [600, 300] });
    const round = planRound(input);
    const reordered: RoundInput = {
      ...input,
      learners: [...input.learners].reverse(),
      activePairs: [...input.activePairs].reverse(),
      history: [...input.history].reverse(),
    };
    expect(planRound(reordered)).toEqual(round);
    const reseeded = planRound({ ...input, seed: input.seed + 1 });
    expect(reseeded.objective).toEqual(round.objective);
    expect(reseeded.pairs).not.toEqual(round.pairs);
  });
});
