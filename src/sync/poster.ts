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

export interface Poster {
  post(channelId: string, message: Message, nonce: string): Promise<{ id: string }>;
}
