import { once } from 'node:events';
import { join } from 'node:path';
import type { Client } from 'discord.js';
import type { APIMessage } from 'discord-api-types/v10';
import pino, { type Logger } from 'pino';
import { afterEach, expect } from 'vitest';
import { commands as shippedCommands } from '../../commands/index.js';
import type { Db } from '../../src/db/schema.js';
import { channelAccess, watchSyncChannels } from '../../src/discord/channels.js';
import { startDiscordBot } from '../../src/discord/client.js';
import { createRateLimiter } from '../../src/discord/rate-limit.js';
import { clientPoster } from '../../src/discord/rest-poster.js';
import { createRouter } from '../../src/discord/router.js';
import type { Command } from '../../src/interaction/command.js';
import { createHubCounters, type HubCounters } from '../../src/learnings/stats.js';
import { prepareDatabase } from '../../src/setup.js';
import { forwardingPoster, type Poster } from '../../src/sync/poster.js';
import { readShippedPrompts } from '../../src/sync/prompts.js';
import { tempDir } from './db.js';
import {
  DiscordDouble,
  type DiscordDoubleOptions,
  type DoubleMember,
  type InteractionInput,
  MEMBER_PERMISSIONS,
  type RecordedRequest,
  startDiscordDouble,
} from './discord-double.js';
import { shippedPromptsPath } from './sync.js';

/** One parsed pino JSON line. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

/** A callback body as the bot POSTs it to `/interactions/:id/:token/callback`. */
export interface CallbackBody {
  type: number;
  data?: Record<string, unknown> & {
    content?: string;
    flags?: number;
    embeds?: {
      title?: string;
      description?: string;
      footer?: { text: string };
    }[];
    components?: {
      type: number;
      components: { type: number; custom_id?: string; label?: string; disabled?: boolean }[];
    }[];
    allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[] };
    choices?: { name: string; value: string }[];
    custom_id?: string;
    title?: string;
  };
}

export interface BotOptions {
  /** Commands added to the real list from commands/index.ts (e.g. one that throws). */
  extraCommands?: Command[];
  /** Options for a new double, or a running one the bot connects to again (a restart). */
  double?: DiscordDoubleOptions | DiscordDouble;
  /** The database of an earlier run (a restart); a new temp file otherwise. */
  dbPath?: string;
  /** How long discord.js waits for servers that stay unavailable (default: 500 ms in tests). */
  waitGuildTimeout?: number;
  burst?: number;
  /** How long a handler may take before the bot acknowledges first (the bot's default: 2 s). */
  deferAfterMs?: number;
}

let nextMember = 1n;
/**
 * A member with a fresh id, so the per-member rate limit (burst 8) of one test never meets another's.
 * `permissions` adds to what an ordinary member has.
 */
export function newMember(username: string, permissions = 0n): DoubleMember {
  const id = String(1_300_000_000_000_100_000n + nextMember++);
  return { id, username, permissions: MEMBER_PERMISSIONS | permissions };
}

/**
 * The real bot, wired as src/main.ts wires it: prepareDatabase on a temp SQLite file, the real
 * router with the real command list and rate limiter, sync-ups posting through the client's REST,
 * the sync-up channel watcher, and startDiscordBot connected to a Discord double.
 */
export async function startBot(options: BotOptions = {}) {
  const double =
    options.double instanceof DiscordDouble
      ? options.double
      : // Servers arrive after READY, as on Discord; scaled down from the double's 250 ms.
        await startDiscordDouble({ guildDelayMs: 25, ...options.double });
  const dbPath = options.dbPath ?? join(tempDir(), 'nexus.db');
  let db: Db | undefined;
  let client: Client | undefined;
  let counters: HubCounters | undefined;
  let channelsSettled: () => Promise<void> = async () => undefined;
  const logs = new LogSink();
  const log = pino({ level: 'info' }, logs);
  const stop = async (closeDouble: boolean) => {
    await client?.destroy();
    await channelsSettled();
    await counters?.close();
    await db?.destroy();
    if (closeDouble) await double.close();
  };
  try {
    const opened = (await prepareDatabase(dbPath)).db;
    db = opened;
    counters = createHubCounters(opened, { log });
    const now = () => new Date();
    let clientsPoster: Poster | undefined;
    const poster = forwardingPoster(() => clientsPoster);
    const router = createRouter({
      db: opened,
      counters,
      commands: [...shippedCommands, ...(options.extraCommands ?? [])],
      log,
      now,
      channels: (guildId) => (client ? channelAccess(client, guildId) : undefined),
      sync: { poster, log, shippedPrompts: await readShippedPrompts(shippedPromptsPath) },
      rateLimiter: createRateLimiter({
        burst: options.burst ?? 8,
        refillSeconds: 2,
        now: () => Date.now(),
      }),
    });
    client = await startDiscordBot({
      token: 'test-token',
      apiBase: double.apiBase,
      router,
      log,
      deferAfterMs: options.deferAfterMs,
      waitGuildTimeout: options.waitGuildTimeout ?? 500,
      beforeLogin: (connecting) => {
        channelsSettled = watchSyncChannels(connecting, { db: opened, timezone: 'UTC', now, log });
      },
    });
    clientsPoster = clientPoster(client);
    if (!client.isReady()) await once(client, 'clientReady');
  } catch (error) {
    await stop(!(options.double instanceof DiscordDouble));
    throw error;
  }
  return new RunningBot(double, client, db, dbPath, logs, log, stop, options, () =>
    channelsSettled(),
  );
}

/**
 * For a test file: returns a starter, and stops the bot it started after each test, failing the
 * test if any body the bot sent, including ones no test waited for, broke Discord's schema.
 */
export function botPerTest(): (options?: BotOptions) => Promise<RunningBot> {
  let bot: RunningBot | undefined;
  afterEach(async () => {
    const running = bot?.latest;
    bot = undefined;
    if (!running) return;
    const invalid = [...running.double.validationErrors];
    await running.stop();
    expect(invalid).toEqual([]);
  });
  return async (options) => {
    bot = await startBot(options);
    return bot;
  };
}

/** Collects the bot's JSON log lines and lets a test wait for one instead of sleeping. */
export class LogSink {
  readonly lines: LogLine[] = [];
  private readonly waiters = new Set<(line: LogLine) => void>();

  write(raw: string): void {
    const line = JSON.parse(raw) as LogLine;
    this.lines.push(line);
    for (const waiter of this.waiters) waiter(line);
  }

  /** The first logged or future line matching `match`. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs = 5000): Promise<LogLine> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const msgs = this.lines.map((l) => l.msg).join(', ') || 'none';
        reject(new Error(`no matching log line within ${timeoutMs} ms (seen: ${msgs})`));
      }, timeoutMs);
      const waiter = (line: LogLine) => {
        if (!match(line)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(line);
      };
      this.waiters.add(waiter);
    });
  }
}

export class RunningBot {
  constructor(
    readonly double: DiscordDouble,
    readonly client: Client,
    readonly db: Db,
    readonly dbPath: string,
    readonly logs: LogSink,
    readonly log: Logger,
    private readonly halt: (closeDouble: boolean) => Promise<void>,
    private readonly options: BotOptions,
    /** Resolves once the sync-up channel watcher has handled every event so far. */
    readonly channelsSettled: () => Promise<void>,
  ) {}

  /** Stops the bot, its database and the double (the double, once a restart has replaced the bot). */
  stop(): Promise<void> {
    return this.halt(true);
  }

  get guildId(): string {
    return this.double.guilds[0]?.id ?? '';
  }

  /**
   * Stops this bot and starts a new one on the same database and the same double; `whileDown`
   * changes the double in between (what happens while the bot is offline).
   */
  async restart(whileDown?: () => void): Promise<RunningBot> {
    await this.halt(false);
    whileDown?.();
    this.successor = await startBot({ ...this.options, double: this.double, dbPath: this.dbPath });
    return this.successor;
  }

  private successor: RunningBot | undefined;

  /** The bot running now: this one, or the one its latest restart started. */
  get latest(): RunningBot {
    return this.successor?.latest ?? this;
  }

  /** Dispatches an interaction and waits for the callback the bot POSTs for it. */
  async interact(input: InteractionInput): Promise<{
    id: string;
    token: string;
    request: RecordedRequest;
    body: CallbackBody;
  }> {
    const { id, token } = this.double.dispatchInteraction(input);
    const request = await this.callbackOf(id, token);
    return { id, token, request, body: request.body as CallbackBody };
  }

  /** The first successful callback for an interaction (a 429 or 500 is retried by the bot). */
  callbackOf(id: string, token: string): Promise<RecordedRequest> {
    return this.double.waitForRequest(
      (r) =>
        r.method === 'POST' &&
        r.path.endsWith(`/interactions/${id}/${token}/callback`) &&
        r.status < 300,
    );
  }

  /** Every callback POST for an interaction, faults included, in order. */
  callbacksOf(id: string): RecordedRequest[] {
    return this.double.requests.filter(
      (r) => r.method === 'POST' && r.path.includes(`/interactions/${id}/`),
    );
  }

  /** The message an interaction's reply created, as Discord would hand it back. */
  async original(token: string): Promise<APIMessage> {
    const url = `${this.double.apiBase}/v10/webhooks/${this.double.bot.id}/${token}/messages/@original`;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`no original message for ${token}: ${response.status}`);
    return (await response.json()) as APIMessage;
  }

  /** Log lines at error level or above. */
  errors(): LogLine[] {
    return this.logs.lines.filter((line) => line.level >= 50);
  }
}

/** Everything a person would read in a callback's message, as one string. */
export function textOfCallback(body: CallbackBody): string {
  const data = body.data ?? {};
  return [
    data.content ?? '',
    ...(data.embeds ?? []).flatMap((e) => [e.title, e.description, e.footer?.text]),
  ]
    .filter(Boolean)
    .join('\n');
}

/** Every button in a callback's message. */
export function buttonsOf(body: CallbackBody) {
  return (body.data?.components ?? []).flatMap((row) => row.components);
}
