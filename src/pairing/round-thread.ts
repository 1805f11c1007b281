/**
 * planRound off the event loop. A cohort's round is up to a few hundred milliseconds of pure
 * computation, so it runs in a worker thread. The input goes over in slices, a turn of the event
 * loop apart (cloning 100,000 learners in one message would itself hold the loop), and the pairs
 * come back as learner indices in transferred buffers.
 */

import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../worker.js';
import type { RoundObjective, RoundResult } from './objective.js';
import { planRound } from './round.js';
import type { PairRef, PastPair, RoundInput, RoundLearner } from './round-input.js';
import { nextTurn } from './round-reads.js';

/**
 * Rounds over this many learners or fewer are planned in place: even their worst case (the exact
 * learner-by-learner network) takes a few milliseconds, less than starting a worker.
 */
const inlineLearners = 256;
/** Items per message, and results turned back into ids between two turns of the loop. */
const sliceItems = 5000;

export type ToWorker =
  | { kind: 'learners'; items: RoundLearner[] }
  | { kind: 'activePairs'; items: PairRef[] }
  | { kind: 'history'; items: PastPair[] }
  | { kind: 'plan'; now: Date; seed: number };

export interface FromWorker {
  /** Indices in the learners as sent, `[b0, f0, b1, f1, ...]`, in the result's order. */
  pairs: Int32Array;
  /** Indices in the learners as sent, in the result's order. */
  unmatched: Int32Array;
  objective: RoundObjective;
}

/** planRound(input), computed in a worker thread unless the round is small. */
export async function planRoundOffThread(input: RoundInput): Promise<RoundResult> {
  if (input.learners.length <= inlineLearners) return planRound(input);
  const worker = startModuleWorker(import.meta.url, 'round-worker');
  try {
    const answer = new Promise<FromWorker>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the round worker stopped (code ${code})`)));
    });
    // Together, so that a failure while sending leaves no answer unawaited.
    const [found] = await Promise.all([answer, send(worker, input)]);
    return await resultFrom(found, input.learners);
  } finally {
    await worker.terminate();
  }
}

async function send(worker: Worker, input: RoundInput): Promise<void> {
  const post = (message: ToWorker) => worker.postMessage(message);
  for (let k = 0; k < input.learners.length; k += sliceItems) {
    post({ kind: 'learners', items: input.learners.slice(k, k + sliceItems) });
    await nextTurn();
  }
  for (let k = 0; k < input.activePairs.length; k += sliceItems) {
    post({ kind: 'activePairs', items: input.activePairs.slice(k, k + sliceItems) });
    await nextTurn();
  }
  for (let k = 0; k < input.history.length; k += sliceItems) {
    post({ kind: 'history', items: input.history.slice(k, k + sliceItems) });
    await nextTurn();
  }
  post({ kind: 'plan', now: input.now, seed: input.seed });
}

async function resultFrom(found: FromWorker, learners: RoundLearner[]): Promise<RoundResult> {
  const idOf = (k: number) => (learners[k] as RoundLearner).id;
  const pairs: PairRef[] = [];
  for (let k = 0; k < found.pairs.length; k += 2) {
    pairs.push({
      backendId: idOf(found.pairs[k] as number),
      frontendId: idOf(found.pairs[k + 1] as number),
    });
    if (pairs.length % sliceItems === 0) await nextTurn();
  }
  return { pairs, unmatched: Array.from(found.unmatched, idOf), objective: found.objective };
}
