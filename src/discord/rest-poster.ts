import type { REST } from '@discordjs/rest';
import { type APIMessage, RESTJSONErrorCodes, Routes } from 'discord.js';
import { PostError, type Poster } from '../sync/poster.js';
import { toDiscordMessage } from './render.js';

/**
 * The error code of a Discord API error. Checked by name, not `instanceof`: the ESM and CommonJS
 * builds of @discordjs/rest each have their own DiscordAPIError class.
 */
export function discordErrorCode(error: unknown): number | string | undefined {
  return error instanceof Error && error.name.startsWith('DiscordAPIError')
    ? (error as Error & { code: number | string }).code
    : undefined;
}

/** Failures that retrying cannot fix: the bot may not see or write there, or it is gone. */
const permanentCodes = new Set<number | string>([
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.UnknownChannel,
]);

/**
 * Channel posts through @discordjs/rest (its rate limiter and retries), with a nonce Discord
 * enforces: a resend after a crash returns the first message instead of posting a second.
 */
export function restPoster(rest: REST): Poster {
  return {
    async post(channelId, message, nonce) {
      const { flags: _channelMessagesAreNeverEphemeral, ...body } = toDiscordMessage(message);
      try {
        const created = (await rest.post(Routes.channelMessages(channelId), {
          body: { ...body, nonce, enforce_nonce: true },
        })) as APIMessage;
        return { id: created.id };
      } catch (error) {
        const code = discordErrorCode(error);
        if (code === undefined) throw error;
        throw new PostError(`${(error as Error).message} (${code})`, permanentCodes.has(code));
      }
    },
  };
}
