/**
 * One bot alone in its own process, so its resident memory is its own: forked by the latency
 * suite with `<nexus|bare|echo> <apiBase> <input>` (see `startBot`), it connects to the double the parent serves
 * on 127.0.0.1, then reports its resident memory and V8 heap in use over IPC when ready and when
 * asked, right after a full garbage collection.
 */
import { type BotKind, botKinds, startBot } from './bots.js';

export type ChildRequest = 'measure' | 'exit';
export interface ChildReport {
  rss: number;
  heapUsed: number;
}

const [kind, apiBase, input] = process.argv.slice(2);
if (!botKinds.includes(kind as BotKind) || !apiBase || input === undefined || !process.send) {
  throw new Error('usage: fork bench/bot-child.ts <nexus|bare|echo> <apiBase> <input> with IPC');
}
const bot = await startBot(kind as BotKind, apiBase, input);
/** Collected first (the parent passes --expose-gc), so the figures are what the bot keeps. */
const report = () => {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.send?.({ rss, heapUsed } satisfies ChildReport);
};
process.on('message', (request: ChildRequest) => {
  if (request === 'measure') report();
  else void bot.close().then(() => process.disconnect());
});
report();
