import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { z } from 'zod';
import type { Db } from '../db/schema.js';
import type { HubCounters } from '../learnings/stats.js';
import type { SyncDeps } from '../sync/run.js';
import type { Choice, Outcome } from './message.js';

/** The Discord permissions the bot's guards understand, by their discord.js flag names. */
export type Permission = 'ManageMessages' | 'ManageGuild';

export const permissionLabels: Record<Permission, string> = {
  ManageMessages: 'Manage Messages',
  ManageGuild: 'Manage Server',
};

export interface Actor {
  id: string;
  name: string;
  permissions: ReadonlySet<Permission>;
}

/** Permissions the bot itself needs in a channel, by their discord.js flag names. */
export type BotPermission =
  | 'ViewChannel'
  | 'SendMessages'
  | 'ReadMessageHistory'
  | 'CreatePublicThreads'
  | 'SendMessagesInThreads';

export const botPermissionLabels: Record<BotPermission, string> = {
  ViewChannel: 'View Channel',
  SendMessages: 'Send Messages',
  ReadMessageHistory: 'Read Message History',
  CreatePublicThreads: 'Create Public Threads',
  SendMessagesInThreads: 'Send Messages in Threads',
};

/** What the bot may do in the server's channels, as far as the adapter can tell. */
export interface ChannelAccess {
  /**
   * The permissions of `needed` the bot lacks in the channel; `'unknown-channel'` when it cannot
   * see the channel at all; undefined when it cannot tell (the console, a server not yet loaded).
   */
  missing(
    channelId: string,
    needed: readonly BotPermission[],
  ): BotPermission[] | 'unknown-channel' | undefined;
}

/** Who is still in the server; members who left are dropped from matching. */
export interface MemberDirectory {
  isMember(userId: string): Promise<boolean>;
}

export interface Context {
  db: Db;
  guildId: string;
  channelId: string;
  actor: Actor;
  now: () => Date;
  /** IANA zone for members and schedules that name none. */
  defaultTimezone: string;
  members: MemberDirectory;
  channels: ChannelAccess;
  /** Posting and prompts for sync-up runs started from a command. */
  sync: Omit<SyncDeps, 'db'>;
  /** Topic uses and misses, written in batches. */
  counters: HubCounters;
}

/** A value an option can carry once the adapter has read it. */
export type OptionValue = string | number | boolean | Attachment;

export interface Attachment {
  name: string;
  url: string;
  size: number;
}

/** One slash command or subcommand: its guards sit beside its handler. */
export interface Route<S extends z.ZodType = z.ZodType> {
  /** One line for /help. */
  help: string;
  options: S;
  permission?: Permission;
  /** Shown in /help when the rule is finer than a permission (e.g. "the author or Manage Messages"). */
  who?: string;
  run(ctx: Context, options: z.output<S>): Promise<Outcome>;
  autocomplete?(ctx: Context, focused: { name: string; value: string }): Promise<Choice[]>;
}

/** A button or modal handler, found by the second part of its customId (`<command>:<action>:...`). */
export interface ComponentRoute {
  run(ctx: Context, args: string[], fields: Record<string, string>): Promise<Outcome>;
}

export interface Command {
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Keyed by subcommand path: '' for a command without subcommands, 'add', 'prompt add'. */
  routes: Record<string, Route>;
  components?: Record<string, ComponentRoute>;
}

/** Keeps the option schema's type attached to its handler. */
export function route<S extends z.ZodType>(definition: Route<S>): Route {
  return definition as unknown as Route;
}

/** Builds a customId owned by a command, checking Discord's 100-character limit. */
export function customId(command: string, action: string, ...args: (string | number)[]): string {
  const id = [command, action, ...args].join(':');
  if (id.length > 100)
    throw new Error(`customId longer than 100 characters: ${id.slice(0, 40)}...`);
  return id;
}
