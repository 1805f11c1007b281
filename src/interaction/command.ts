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

/** What a precondition or guard says when it refuses: one sentence, answered privately. */
export class Refusal {
  constructor(readonly reason: string) {}
}

/**
 * A rule checked before a handler runs (the author or a moderator, say), declared beside the
 * handler: it refuses, or passes on what it loaded (the entry) to the handler.
 */
export interface Precondition<I, E> {
  /** Who passes, as /help says it. */
  who: string;
  check(ctx: Context, input: I): Promise<E | Refusal>;
}

/** How an attempt at a route or component ended, before the router words it. */
export type Attempt =
  | { outcome: 'answered'; result: Outcome }
  | { outcome: 'refused' | 'invalid'; reason: string };

export interface Focused {
  name: string;
  value: string;
}

/** One slash command or subcommand, its options checked and its guards run by `attempt`. */
export interface Route {
  /** `/sync prompt add`. */
  label: string;
  /** `/sync prompt remove id`: every option, optional ones in brackets. */
  usage: string;
  /** One line for /help. */
  help: string;
  /** Who may use it, as /help says it. */
  who: string;
  permission?: Permission | undefined;
  /** The option schemas, by name: what Discord registers and what `attempt` checks. */
  options: Readonly<Record<string, z.ZodType>>;
  attempt(ctx: Context, options: Record<string, OptionValue>): Promise<Attempt>;
  autocomplete?(ctx: Context, focused: Focused): Promise<Choice[]>;
}

/** A button or a form, found by the `command:action` its customId starts with. */
export interface Component {
  kind: 'button' | 'modal';
  /** The `command:action` of its id, then those of ids earlier versions posted. */
  labels: readonly string[];
  permission?: Permission | undefined;
  attempt(ctx: Context, customId: string, fields: Record<string, string>): Promise<Attempt>;
}

export interface Command {
  /** What Discord registers, derived from the routes. */
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Keyed by subcommand path: '' for a command without subcommands, 'add', 'prompt add'. */
  routes: Readonly<Record<string, Route>>;
  components: readonly Component[];
}
