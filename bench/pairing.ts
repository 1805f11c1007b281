import type { SuiteResult } from './report.js';
import { roundValues, runRoundBench } from './round.js';

const goalMs = 200;

/** bench/round.ts (planRound against the greedy pairing, many small projects) as run.ts reports it. */
export async function pairingSuite(): Promise<SuiteResult> {
  const [ours, greedy] = runRoundBench();
  if (!ours || !greedy) throw new Error('runRoundBench returned no planRound or greedy row');
  const count = (value: number) => value.toLocaleString('en');
  const community = `${count(ours.learners)} learners in ${count(ours.projects)} projects`;
  return {
    suite: 'pairing',
    title: 'Pairing: planRound against a greedy baseline',
    timings: [],
    values: [
      { name: 'learners', value: ours.learners, unit: '' },
      { name: 'projects', value: ours.projects, unit: '' },
      ...roundValues('planRound', ours),
      ...roundValues('greedy', greedy),
    ],
    ratios: [
      { name: 'planRound time ÷ greedy time (median)', value: ours.ms / greedy.ms },
      {
        name: 'planRound learners with a partner ÷ greedy learners with a partner',
        value: ours.result.objective.covered / greedy.result.objective.covered,
      },
    ],
    goals: [
      {
        goal: `planRound at ${community} under ${goalMs} ms (median)`,
        actual: `${ours.ms.toFixed(1)} ms`,
        met: ours.ms < goalMs,
      },
    ],
    notes: [
      `From bench/round.ts: one weekly pairing round over a deterministic community (${community}, from tests/support/community.ts: random roles, 1–3 partners at most, 8 time zones, eight weeks of earlier rounds of which some pairs are still active, 5% of learners paused), timed as the median of ${ours.samples.length} runs after a warm-up. planRound is optimal (most new pairs, then most learners with a partner, then fewest repeats, then least time-zone distance); the greedy pairing (tests/pairing/baselines.ts) takes each project's allowed pairs nearest time zones first, each while both learners have a free slot, ignoring coverage and repeats.`,
    ],
  };
}
