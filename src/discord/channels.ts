import { ChannelType, type Client, type Guild, PermissionFlagsBits } from 'discord.js';
import type { Db } from '../db/schema.js';
import type { ChannelAccess } from '../interaction/command.js';
import { type Logger, newErrorRef } from '../log.js';
import { adoptChannel, getSettings, loseChannel } from '../sync/settings.js';

/** The channel the program's servers use for the hub; a server's sync-ups go there by default. */
export const syncChannelName = 'prodev-project-nexus';

/**
 * The bot's permissions as discord.js computes them from the cached roles and overwrites, which
 * the gateway keeps current: no request is made.
 */
export function channelAccess(client: Client, guildId: string): ChannelAccess {
  return {
    missing(channelId, needed) {
      const guild = client.guilds.cache.get(guildId);
      const me = guild?.members.me;
      if (!guild?.available || !me) return undefined;
      const channel = guild.channels.cache.get(channelId);
      if (!channel) return 'unknown-channel';
      const granted = channel.permissionsFor(me);
      return needed.filter((permission) => !granted.has(PermissionFlagsBits[permission]));
    },
  };
}

/** `channelAccess(…).missing` for a channel of any server the bot is in. */
export function missingIn(client: Client): ChannelAccess['missing'] {
  return (channelId, needed) => {
    const channel = client.channels.cache.get(channelId);
    const guildId = channel && 'guildId' in channel ? channel.guildId : null;
    return guildId ? channelAccess(client, guildId).missing(channelId, needed) : undefined;
  };
}

export interface SyncChannelDeps {
  db: Db;
  timezone: string;
  now: () => Date;
  log: Logger;
}

/**
 * Keeps each server's schedule pointed at a channel that exists: a server gets the default
 * schedule as soon as the bot sees a text channel named #prodev-project-nexus in it (at start-up,
 * once each server is available, on joining a server, and when such a channel is created or
 * renamed), and a schedule whose channel was deleted stops there and moves to the next one.
 * Register before `login()`: servers present at start-up become available during it. Returns a
 * function that resolves once every pass started so far has finished (before closing the database).
 */
export function watchSyncChannels(client: Client, deps: SyncChannelDeps): () => Promise<void> {
  const { db, log } = deps;
  // One pass per server at a time, so two events never adopt or log twice.
  const passes = new Map<string, Promise<void>>();

  async function reconcile(guild: Guild): Promise<void> {
    if (!guild.available) return;
    const settings = await getSettings(db, guild.id);
    const channelId = settings?.channel_id;
    if (channelId && settings.channel_lost_at === null && !guild.channels.cache.has(channelId)) {
      if (await loseChannel(db, guild.id, channelId, deps.now())) {
        log.warn({ guildId: guild.id, channelId }, 'sync-up channel deleted');
      }
    }
    const candidate = guild.channels.cache.find(
      (c) => c.type === ChannelType.GuildText && c.name === syncChannelName,
    );
    if (!candidate) return;
    const found = { channelId: candidate.id, timezone: deps.timezone, now: deps.now() };
    const adoption = await adoptChannel(db, guild.id, found);
    if (adoption !== 'kept') {
      log.info({ guildId: guild.id, channelId: candidate.id, adoption }, 'sync-up channel adopted');
    }
  }

  const settle = (guild: Guild | null) => {
    if (!guild) return;
    const previous = passes.get(guild.id) ?? Promise.resolve();
    const pass = previous
      .then(() => reconcile(guild))
      .catch((error: unknown) =>
        log.error(
          { err: error, ref: newErrorRef(), guildId: guild.id },
          'could not set up sync-ups',
        ),
      )
      .finally(() => {
        if (passes.get(guild.id) === pass) passes.delete(guild.id);
      });
    passes.set(guild.id, pass);
  };

  client.on('guildAvailable', settle);
  client.on('guildCreate', settle);
  client.on('channelCreate', (channel) => settle(channel.guild));
  client.on('channelUpdate', (_, channel) => settle('guild' in channel ? channel.guild : null));
  client.on('channelDelete', (channel) => settle('guild' in channel ? channel.guild : null));
  return async () => {
    await Promise.all(passes.values());
  };
}
