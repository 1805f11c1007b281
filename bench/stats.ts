import { performance } from 'node:perf_hooks';

/** Nearest-rank percentile of an ascending list: the smallest value with `p`% of samples at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export interface Timing {
  subject: string;
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Milliseconds, summarised. */
export function summarize(subject: string, samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    subject,
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] as number,
  };
}

/** Wall time of one call, in ms, with what it returned. */
export async function timed<R>(task: () => Promise<R>): Promise<{ ms: number; result: R }> {
  const start = performance.now();
  const result = await task();
  return { ms: performance.now() - start, result };
}

/** Runs `task` once per input, one at a time, and returns each call's wall time in ms. */
export async function timeEach<T>(
  inputs: readonly T[],
  task: (input: T) => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  for (const input of inputs) samples.push((await timed(() => task(input))).ms);
  return samples;
}

/** A seeded generator (mulberry32), so every run draws the same corpus and queries. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws items with probability proportional to their weight (binary search over the running sum). */
export function weightedSampler<T>(
  items: readonly T[],
  weights: readonly number[],
  random: () => number,
): () => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) {
    total += weight;
    cumulative.push(total);
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] as number) > target) high = middle;
      else low = middle + 1;
    }
    return items[low] as T;
  };
}
