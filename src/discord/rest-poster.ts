import type { REST } from '@discordjs/rest';
import { type APIMessage, RESTJSONErrorCodes, Routes } from 'discord.js';
import type { BotPermission, ChannelAccess } from '../interaction/command.js';
import { permissionList } from '../sync/permissions.js';
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

const postNeeds: readonly BotPermission[] = ['ViewChannel', 'SendMessages'];

/**
 * Channel posts through @discordjs/rest (its rate limiter and retries), with a nonce Discord
 * enforces: a resend after a crash returns the first message instead of posting a second.
 * Discord's 50013 does not say which permission is missing; `access` (the bot's cached
 * permissions) lets the error name it.
 */
export function restPoster(rest: REST, access?: ChannelAccess['missing']): Poster {
  const refusal = (error: unknown, channelId: string): PostError => {
    const code = discordErrorCode(error);
    if (code === undefined) throw error;
    const missing = access?.(channelId, postNeeds);
    const which =
      Array.isArray(missing) && missing.length > 0
        ? `: Nexus lacks ${permissionList(missing)} in <#${channelId}>`
        : '';
    return new PostError(
      `${(error as Error).message} (${code})${which}`,
      permanentCodes.has(code),
      code === RESTJSONErrorCodes.UnknownChannel,
    );
  };
  return {
    async post(channelId, message, nonce) {
      const { flags: _channelMessagesAreNeverEphemeral, ...body } = toDiscordMessage(message);
      try {
        const created = (await rest.post(Routes.channelMessages(channelId), {
          body: { ...body, nonce, enforce_nonce: true },
        })) as APIMessage;
        return { id: created.id };
      } catch (error) {
        throw refusal(error, channelId);
      }
    },
  };
}
