/**
 * Loaded into every bot process the latency suite starts (`node --expose-gc --import` this file,
 * compiled), Nexus's real entry point included, so the figures come from inside each process
 * without a line of bench code in the bot: asked `measure` over IPC, it runs a full garbage
 * collection and answers with the process's resident memory and V8 heap in use.
 */
export type ProbeRequest = 'measure';
export interface MemoryReport {
  rss: number;
  heapUsed: number;
}

process.on('message', (request: ProbeRequest) => {
  if (request !== 'measure') return;
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.send?.({ rss, heapUsed } satisfies MemoryReport);
});
