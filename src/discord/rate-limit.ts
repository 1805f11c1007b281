export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Per-member token bucket: a burst of `burst` commands, then one every `refillSeconds`.
 * The clock is injected so tests never wait.
 */
export function createRateLimiter(options: {
  burst: number;
  refillSeconds: number;
  now: () => number;
}) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = 1 / (options.refillSeconds * 1000);
  // A bucket untouched this long is full again, the same as no bucket: it can be forgotten.
  const refillMs = options.burst * options.refillSeconds * 1000;
  let sweptAt = options.now();
  /** Forgets full buckets, at most once per refill time, so the map holds recent members only. */
  const sweep = (now: number) => {
    if (now - sweptAt < refillMs) return;
    for (const [key, bucket] of buckets) if (now - bucket.at >= refillMs) buckets.delete(key);
    sweptAt = now;
  };
  return {
    /** How many members' buckets are remembered. */
    get size() {
      return buckets.size;
    },
    take(key: string): RateDecision {
      const now = options.now();
      sweep(now);
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: now };
      bucket.tokens = Math.min(options.burst, bucket.tokens + (now - bucket.at) * refillPerMs);
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return {
        allowed: false,
        retryAfterSeconds: Math.ceil((1 - bucket.tokens) / refillPerMs / 1000),
      };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
