import { createHash } from 'node:crypto';
import type { Reply } from './payloads.js';

/**
 * Discord's rate limits as a client meets them: every route answers with its bucket's
 * `X-RateLimit-*` headers, a bucket (route and major parameter) allows `limit` requests per
 * window, and past that, or past the global limit, the answer is a 429 with `retry_after`.
 */
export interface PaceOptions {
  /** One bucket window in ms. Discord's is 5,000; tests scale it down (default 100). */
  windowMs?: number;
  /** Message sends (and thread starts) to one channel per window: 5, as on Discord. */
  channelSends?: number;
  /** Requests per window on every other route and major parameter. */
  routeLimit?: number;
  /** Requests per second across routes, interaction callbacks and follow-ups aside (50). */
  globalPerSecond?: number;
}

export const DISCORD_WINDOW_MS = 5000;

interface Window {
  start: number;
  count: number;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The route with ids generalised, and the major parameter that splits its bucket. */
function routeOf(path: string): { template: string; major: string } {
  const major =
    /^\/webhooks\/(\d+\/[^/]+)/.exec(path)?.[1] ??
    /^\/(?:channels|guilds)\/(\d+)/.exec(path)?.[1] ??
    'global';
  const template = path
    .replace(/^\/webhooks\/\d+\/[^/]+/, '/webhooks/:id/:token')
    .replace(/\d{17,20}/g, ':id');
  return { template, major };
}

export class RateLimits {
  /** 429s answered, by kind. */
  readonly limited = { bucket: 0, global: 0 };
  private readonly windowMs: number;
  private readonly channelSends: number;
  private readonly routeLimit: number;
  private readonly globalPerSecond: number;
  private readonly windows = new Map<string, Window>();
  private readonly recent: number[] = []; // arrival times within the last second, for the global limit

  constructor(options: PaceOptions = {}) {
    this.windowMs = options.windowMs ?? 100;
    this.channelSends = options.channelSends ?? 5;
    this.routeLimit = options.routeLimit ?? 50;
    this.globalPerSecond = options.globalPerSecond ?? 50;
  }

  /** The shortest time `count` sends to one channel can take at this pace, in ms. */
  channelFloorMs(count: number): number {
    return Math.max(0, Math.ceil(count / this.channelSends) - 1) * this.windowMs;
  }

  /** Takes one request from its bucket: the headers to answer with, or the 429 to answer instead. */
  take(method: string, path: string, now: number): { headers: Record<string, string> } | Reply {
    const { template, major } = routeOf(path);
    // Interaction responses are not bound by the global limit, nor by a bucket worth modelling.
    if (template.startsWith('/interactions/')) return { headers: {} };
    const isFollowUp = template.startsWith('/webhooks/');
    if (!isFollowUp) {
      const wait = this.globalWait(now);
      if (wait !== undefined) {
        this.limited.global += 1;
        return tooMany(wait, { 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' });
      }
    }
    const sends =
      method === 'POST' &&
      /^\/channels\/:id\/(?:messages|threads|messages\/:id\/threads)$/.test(template);
    const limit = sends ? this.channelSends : this.routeLimit;
    const route = `${method} ${template}`;
    const bucket = createHash('sha1').update(route).digest('hex').slice(0, 16);
    const key = `${route} ${major}`;
    let window = this.windows.get(key);
    if (!window || now >= window.start + this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    const resetAfter = window.start + this.windowMs - now;
    const headers = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - window.count - 1)),
      'x-ratelimit-reset': seconds(window.start + this.windowMs),
      'x-ratelimit-reset-after': seconds(resetAfter),
      'x-ratelimit-bucket': bucket,
    };
    if (window.count >= limit) {
      this.limited.bucket += 1;
      return tooMany(resetAfter, { ...headers, 'x-ratelimit-scope': 'user' });
    }
    window.count += 1;
    return { headers };
  }

  /** Ms until the global window has room, or undefined when this request fits in it. */
  private globalWait(now: number): number | undefined {
    while ((this.recent[0] ?? now) <= now - 1000) this.recent.shift();
    if (this.recent.length >= this.globalPerSecond) {
      return Math.max(1, (this.recent[0] ?? now) + 1000 - now);
    }
    this.recent.push(now);
    return undefined;
  }
}

/** A 429 shaped as Discord sends it (`retry_after` in seconds, fractional here: windows are scaled). */
export function tooMany(waitMs: number, headers: Record<string, string> = {}): Reply {
  const after = Math.max(0.001, waitMs / 1000);
  const global = headers['x-ratelimit-global'] === 'true';
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: after, global },
    headers: {
      'retry-after': after.toFixed(3),
      'x-ratelimit-limit': '1',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': after.toFixed(3),
      ...headers,
    },
  };
}
