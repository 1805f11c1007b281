// @discordjs/rest through discord.js, which re-exports the CommonJS build it runs on: importing
// the package here would load its ESM build and that build's dependencies a second time.
import type { Client } from 'discord.js';
import {
  type APIChannel,
  type APIMessage,
  type APIThreadChannel,
  ChannelType,
  makeURLSearchParams,
  type REST,
  RESTJSONErrorCodes,
  Routes,
} from 'discord.js';
import type { BotPermission, ChannelAccess } from '../interaction/command.js';
import { permissionList } from '../sync/permissions.js';
import { PostError, type Poster } from '../sync/poster.js';
import { missingIn } from './channels.js';
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

export interface RestPosterOptions {
  /** The bot's cached permissions, so Discord's bare 50013 can name what is missing. */
  missing?: ChannelAccess['missing'];
  /** The bot's user id, so looking for an earlier post skips other authors. */
  botId?: () => string | undefined;
}

const discordEpoch = 1_420_070_400_000n;
/** The smallest snowflake of a moment: `after` it lists what was posted from then on. */
const snowflakeAt = (date: Date) => ((BigInt(date.getTime()) - discordEpoch) << 22n).toString();
const createdAt = (id: string) => Number((BigInt(id) >> 22n) + discordEpoch);
const historyPages = 10;
const weekOfQuiet = 10_080; // minutes before a quiet thread archives

/**
 * Channel posts and threads through @discordjs/rest (its rate limiter and retries). Posts carry a
 * nonce Discord enforces: a resend after a crash returns the first message instead of a second.
 */
export function restPoster(rest: REST, options: RestPosterOptions = {}): Poster {
  const threads = new Set<string>(); // ids of threads this poster started: posting there needs other permissions
  const refusal = (error: unknown, channelId: string, needs: BotPermission[]): PostError => {
    const code = discordErrorCode(error);
    if (code === undefined) throw error;
    const missing = options.missing?.(channelId, needs);
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
        const send = threads.has(channelId) ? 'SendMessagesInThreads' : 'SendMessages';
        throw refusal(error, channelId, ['ViewChannel', send]);
      }
    },

    async startThread(channelId, name, fromMessageId) {
      const body = {
        name,
        auto_archive_duration: weekOfQuiet,
        ...(fromMessageId ? {} : { type: ChannelType.PublicThread }),
      };
      try {
        const thread = (await rest.post(Routes.threads(channelId, fromMessageId), {
          body,
        })) as APIChannel;
        threads.add(thread.id);
        return { id: thread.id };
      } catch (error) {
        // A thread started from a message has the message's id: the earlier start went through.
        const code = discordErrorCode(error);
        if (fromMessageId && code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) {
          threads.add(fromMessageId);
          return { id: fromMessageId };
        }
        throw refusal(error, channelId, ['ViewChannel', 'CreatePublicThreads']);
      }
    },

    async findThread(channelId, name, since) {
      const channel = (await rest.get(Routes.channel(channelId))) as { guild_id?: string };
      if (!channel.guild_id) return undefined;
      const { threads: active } = (await rest.get(Routes.guildActiveThreads(channel.guild_id))) as {
        threads: APIThreadChannel[];
      };
      const found = active.find(
        (t) =>
          t.parent_id === channelId &&
          t.name === name &&
          createdAt(t.id) >= since.getTime() &&
          (options.botId?.() === undefined || t.owner_id === options.botId()),
      );
      if (found) threads.add(found.id);
      return found && { id: found.id };
    },

    async findPosted(channelId, message, since) {
      const { content } = toDiscordMessage(message);
      const botId = options.botId?.();
      let after = snowflakeAt(since);
      for (let page = 0; page < historyPages; page++) {
        const query = makeURLSearchParams({ after, limit: 100 });
        const batch = (await rest.get(Routes.channelMessages(channelId), {
          query,
        })) as APIMessage[];
        const mine = batch.find(
          (m) => m.content === content && (botId === undefined || m.author.id === botId),
        );
        if (mine) return { id: mine.id };
        if (batch.length < 100) return undefined;
        // Newest first: the next page starts after the newest of this one.
        after = batch[0]?.id ?? after;
      }
      return undefined;
    },
  };
}

/** The REST poster of a connected client: its permissions cache and its own user id. */
export const clientPoster = (client: Client): Poster =>
  restPoster(client.rest, { missing: missingIn(client), botId: () => client.user?.id });
