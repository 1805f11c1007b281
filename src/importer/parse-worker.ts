/** The worker thread of parse-thread.ts: parses each document it is sent, one answer each. */

import { parentPort } from 'node:worker_threads';
import { runBelowMainThread } from '../worker.js';
import { ImportError } from './decode.js';
import { parseNexusDocument } from './parse.js';
import type { FromParseWorker, ParseRequest } from './parse-thread.js';

const port = parentPort;
if (port === null) throw new Error('parse-worker.ts runs as a worker thread');
runBelowMainThread();

const answer = (message: FromParseWorker) => port.postMessage(message);

port.on('message', ({ input, topics, options }: ParseRequest) => {
  try {
    answer({ parsed: parseNexusDocument(input, topics, options) });
  } catch (error) {
    answer(error instanceof ImportError ? { refused: error.message } : { failed: error });
  }
});
answer('ready');
