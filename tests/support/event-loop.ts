import { performance } from 'node:perf_hooks';

/**
 * Times the event loop's turns from now until `stop`, which returns the longest gap between two, in
 * ms: how long anything arriving (an interaction, a heartbeat) could have waited to be handled.
 */
export function watchEventLoop(): { stop(): number } {
  let last = performance.now();
  let longestGapMs = 0;
  let watching = true;
  const turn = () => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
    if (watching) setImmediate(turn);
  };
  setImmediate(turn);
  return {
    stop() {
      watching = false;
      return longestGapMs;
    },
  };
}
