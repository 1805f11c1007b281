import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveClasses } from '../../src/pairing/class-network.js';
import { MinCostFlow } from '../../src/pairing/min-cost-flow.js';
import { compareObjectives, objectiveOf } from '../../src/pairing/objective.js';
import { realise } from '../../src/pairing/realise.js';
import { prepare, type RoundInput } from '../../src/pairing/round-input.js';
import { buildCommunity, cohortShape, ZONES } from '../support/community.js';
import { learnerFlowRound } from './baselines.js';

/** One small project with dense exceptions and small classes, where realisations can fail. */
const dense = fc
  .record({
    projectSizes: fc.tuple(fc.integer({ min: 2, max: 60 })),
    backendShare: fc.double({ min: 0.2, max: 0.8, noNaN: true }),
    zones: fc.integer({ min: 1, max: ZONES.length }),
    maxPartners: fc.integer({ min: 1, max: 3 }),
    historyWeeks: fc.integer({ min: 0, max: 8 }),
    weeklyPairs: fc.double({ min: 0, max: 1.5, noNaN: true }),
    stillActive: fc.double({ min: 0, max: 1, noNaN: true }),
    paused: fc.constant(0),
    seed: fc.integer(),
    now: fc.constant(cohortShape.now),
  })
  .map(buildCommunity);

/** Each project's class solution and realisation, everyone in classes, in seed-free order. */
function attempts(input: RoundInput) {
  const prep = prepare(input);
  const rank = Uint32Array.from(prep.learners, (_, i) => i);
  const network = new MinCostFlow();
  return prep.projects.map((project) => {
    const single = new Uint8Array(prep.learners.length);
    const solution = solveClasses(prep, project, rank, single, network);
    const inRound = [...project.backends, ...project.frontends];
    return { prep, solution, realised: realise(prep, solution), inRound };
  });
}

describe('the class network and its realisation', () => {
  it('bounds the exact optimum, and a complete realisation achieves the bound', () => {
    fc.assert(
      fc.property(dense, (input) => {
        for (const { prep, solution, realised, inRound } of attempts(input)) {
          const exact = learnerFlowRound(input).pairs.flatMap((pair) => [
            prep.index.get(pair.backendId) as number,
            prep.index.get(pair.frontendId) as number,
          ]);
          const optimum = objectiveOf(prep, exact, inRound);
          expect(compareObjectives(solution.bound, optimum)).toBeLessThanOrEqual(0);
          if (realised.short.length > 0) continue;
          expect(objectiveOf(prep, realised.pairs, inRound)).toEqual(solution.bound);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is realised on the first attempt when classes are large', () => {
    for (const projectSizes of [[2000, 2000], [10000]]) {
      for (const { prep, solution, realised, inRound } of attempts(
        buildCommunity({ ...cohortShape, projectSizes }),
      )) {
        expect(realised.short).toEqual([]);
        expect(objectiveOf(prep, realised.pairs, inRound)).toEqual(solution.bound);
      }
    }
  });
});
