/**
 * Starts a worker thread on a module of ours, whether the code runs from TypeScript sources (tsx,
 * vitest) or compiled to JavaScript. Compiled, the worker is JavaScript too. From sources, the
 * worker is TypeScript and must be loaded through tsx; Node 20 applies no `--import` loader inside
 * a worker, so it starts from a line of JavaScript that imports it with tsx's `tsImport`.
 */

import { constants, setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * A worker running `name`, a module beside the caller written without its extension:
 * `startModuleWorker(import.meta.url, 'round-worker')`.
 */
export function startModuleWorker(callerUrl: string, name: string): Worker {
  const fromSources = callerUrl.endsWith('.ts');
  const file = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, callerUrl);
  if (!fromSources) return new Worker(file);
  const tsx = import.meta.resolve('tsx/esm/api');
  const start = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(file.href)}, ${JSON.stringify(file.href)}))`;
  return new Worker(start, { eval: true });
}

/**
 * Called first in a worker module: its long computations give way to the bot's own thread, which
 * answers interactions. On Linux a thread has its own nice value (setpriority with pid 0 changes
 * the calling thread only), so the bot itself keeps its priority.
 */
export function runBelowMainThread(): void {
  try {
    setPriority(constants.priority.PRIORITY_LOW);
  } catch {
    // Not permitted here: the worker runs at the bot's priority, as before.
  }
}
