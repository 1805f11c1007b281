import type { Message } from '../interaction/message.js';

/**
 * Posts a message to a channel. `permanent` failures (missing access or permissions, unknown
 * channel) will not get better by retrying; the REST client already retried 429s and 5xx.
 * `channelGone`: the channel no longer exists.
 */
export class PostError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly channelGone = false,
  ) {
    super(message);
  }
}

/** What sync-ups need of Discord (REST in production, the console locally, a recorder in tests). */
export interface Poster {
  /** Posts in a channel or thread; a resend with the same nonce returns the first message. */
  post(channelId: string, message: Message, nonce: string): Promise<{ id: string }>;
  /**
   * Starts a public thread (archived after 7 days of quiet) from a message of the channel, or on
   * its own. A thread already started from that message is returned, not a second one.
   */
  startThread(channelId: string, name: string, fromMessageId?: string): Promise<{ id: string }>;
  /** A thread of the channel the bot started with this name since `since`, if any. */
  findThread(channelId: string, name: string, since: Date): Promise<{ id: string } | undefined>;
  /** The bot's message with this content in the channel since `since`, if any. */
  findPosted(channelId: string, message: Message, since: Date): Promise<{ id: string } | undefined>;
}

/** Forwards to the poster `current()` returns: one that exists only once connected to Discord. */
export function forwardingPoster(
  current: () => Poster | undefined,
  absent = new PostError('Not connected to Discord yet', false),
): Poster {
  const target = () => {
    const poster = current();
    if (!poster) throw absent;
    return poster;
  };
  return {
    post: async (...args) => target().post(...args),
    startThread: async (...args) => target().startThread(...args),
    findThread: async (...args) => target().findThread(...args),
    findPosted: async (...args) => target().findPosted(...args),
  };
}
