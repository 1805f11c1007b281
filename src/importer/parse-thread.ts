/**
 * parseNexusDocument off the event loop, within a time budget. Parsing is pure computation that
 * the Markdown parser can make quadratic (a run of `*_`, thousands of short lists between
 * headings), so it runs in a worker thread: the bot keeps answering meanwhile, and a document
 * still unread when its budget runs out is refused, its worker terminated so that it burns no more
 * CPU. One worker is kept warm between imports, since starting one from TypeScript sources takes
 * a few hundred milliseconds.
 */

import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../worker.js';
import { ImportError } from './decode.js';
import type { ParsedDocument, ParseOptions } from './parse.js';
import type { TopicRef } from './topic-index.js';

export const defaultParseBudgetMs = 10_000;
/** How long the warm worker waits for another import before it ends. */
const keepWarmMs = 60_000;

export interface ParseRequest {
  input: string | Uint8Array;
  topics: TopicRef[];
  options: ParseOptions;
}

/** The worker's first message says it has loaded the parser; then one answer per request. */
export type FromParseWorker =
  | 'ready'
  | { parsed: ParsedDocument }
  /** An ImportError's message: the error's class does not survive the message. */
  | { refused: string }
  | { failed: unknown };

type Answer = Exclude<FromParseWorker, 'ready'> | 'overtime';

class ParseWorker {
  private readonly worker: Worker = startModuleWorker(import.meta.url, 'parse-worker');
  private loaded = false;
  private error: unknown = null;
  stopped = false;

  constructor() {
    this.worker.on('message', (message: FromParseWorker) => {
      if (message === 'ready') this.loaded = true;
    });
    // An uncaught error ends the worker and 'exit' follows; the request waiting fails on that.
    this.worker.on('error', (error) => {
      this.error = error;
    });
    this.worker.on('exit', () => {
      this.stopped = true;
    });
  }

  /**
   * The answer to one request, or 'overtime' when it takes more than `budgetMs` from the moment
   * it is sent (once the parser is loaded: starting the worker is not the document's doing).
   */
  parse(request: ParseRequest, budgetMs: number): Promise<Answer> {
    const { worker } = this;
    return new Promise((resolve, reject) => {
      let budget: NodeJS.Timeout | undefined;
      const send = () => {
        worker.postMessage(request);
        budget = setTimeout(() => settle(() => resolve('overtime')), budgetMs);
      };
      const onMessage = (message: FromParseWorker) => {
        if (message === 'ready') send();
        else settle(() => resolve(message));
      };
      const onExit = (code: number) =>
        settle(() => reject(this.error ?? new Error(`the import worker stopped (code ${code})`)));
      const settle = (then: () => void) => {
        clearTimeout(budget);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        then();
      };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      if (this.loaded) send();
    });
  }

  /** A warm worker lets the process exit; one at work keeps it running. */
  hold(working: boolean): void {
    if (working) this.worker.ref();
    else this.worker.unref();
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

let warm: { parser: ParseWorker; timer: NodeJS.Timeout } | null = null;

function takeWorker(): ParseWorker {
  const kept = warm;
  warm = null;
  if (kept) clearTimeout(kept.timer);
  return kept && !kept.parser.stopped ? kept.parser : new ParseWorker();
}

function keepWarm(parser: ParseWorker): void {
  if (warm) {
    void parser.terminate();
    return;
  }
  parser.hold(false);
  // takeWorker clears the timer, so when it fires the worker is still the warm one.
  const timer = setTimeout(() => {
    warm = null;
    void parser.terminate();
  }, keepWarmMs);
  timer.unref();
  warm = { parser, timer };
}

/**
 * parseNexusDocument(request) in a worker thread. Rejects with an ImportError when the document
 * is refused, or takes more than `budgetMs` to read.
 */
export async function parseOffThread(
  request: ParseRequest,
  budgetMs = defaultParseBudgetMs,
): Promise<ParsedDocument> {
  const parser = takeWorker();
  parser.hold(true);
  let answer: Answer;
  try {
    answer = await parser.parse(request, budgetMs);
  } catch (error) {
    await parser.terminate();
    throw error;
  }
  if (answer === 'overtime') {
    await parser.terminate();
    throw new ImportError(
      `The document took over ${budgetMs / 1000} s to read and was stopped; try importing it in smaller parts`,
    );
  }
  keepWarm(parser);
  if ('refused' in answer) throw new ImportError(answer.refused);
  if ('failed' in answer) throw answer.failed;
  return answer.parsed;
}
