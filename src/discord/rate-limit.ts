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
  return {
    take(key: string): RateDecision {
      const now = options.now();
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
