/** The worker thread of round-thread.ts: gathers the input it is sent, plans, answers once. */

import { parentPort } from 'node:worker_threads';
import { runBelowMainThread } from '../worker.js';
import { planRound } from './round.js';
import type { RoundInput } from './round-input.js';
import type { FromWorker, ToWorker } from './round-thread.js';

const port = parentPort;
if (port === null) throw new Error('round-worker.ts runs as a worker thread');
runBelowMainThread();

const input: RoundInput = { learners: [], activePairs: [], history: [], now: new Date(), seed: 0 };

port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'learners':
      input.learners.push(...message.items);
      return;
    case 'activePairs':
      input.activePairs.push(...message.items);
      return;
    case 'history':
      input.history.push(...message.items);
      return;
    case 'plan': {
      const result = planRound({ ...input, now: message.now, seed: message.seed });
      const index = new Map(input.learners.map((learner, k) => [learner.id, k]));
      const indexOf = (id: string) => index.get(id) as number;
      const pairs = Int32Array.from(
        result.pairs.flatMap((p) => [p.backendId, p.frontendId]),
        indexOf,
      );
      const unmatched = Int32Array.from(result.unmatched, indexOf);
      const answer: FromWorker = { pairs, unmatched, objective: result.objective };
      port.postMessage(answer, [pairs.buffer, unmatched.buffer]);
    }
  }
});
