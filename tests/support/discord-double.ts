import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type APIMessage,
  type APIUser,
  ChannelType,
  GatewayDispatchEvents as Events,
  InteractionType,
  MessageFlags,
  GatewayOpcodes as Op,
  PermissionFlagsBits as P,
} from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import { multipartJson, validateRequestBody } from './api-spec.js';
import type { DoubleMember, InteractionInput } from './double/builders.js';
import {
  apiMember,
  apiRole,
  apiUser,
  discordError,
  errors,
  GUILD_DEFAULTS,
  JOINED_AT,
  type Json,
  MESSAGE_DEFAULTS,
  mentionedUsers,
  messageFields,
  ok,
  type Reply,
  snowflake,
} from './double/payloads.js';
import {
  channelPermissions,
  type Overwrite,
  postRefusal,
  threadRefusal,
} from './double/permissions.js';
import { type PaceOptions, RateLimits, tooMany } from './double/rate-limits.js';

export * from './double/builders.js';
export { snowflake } from './double/payloads.js';
export type { Overwrite } from './double/permissions.js';
export { DISCORD_WINDOW_MS, type PaceOptions } from './double/rate-limits.js';

type Params = [string, string, string]; // a template's `:name` groups, in order

export interface RecordedRequest {
  method: string;
  /** Full, decoded pathname, e.g. `/api/v10/webhooks/1/tok/messages/@original`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON; raw text for multipart uploads; undefined when empty. */
  body: unknown;
  headers: IncomingHttpHeaders;
  at: number;
  /** `performance.now()` once its last byte was read, before the double parsed or recorded it. */
  arrivedAt: number;
  /** What the double answered, rate limits and injected faults included. */
  status: number;
  /** The answer's body (Discord's error code and message, or the created object). */
  response?: unknown;
  validationError?: string;
}
export type RequestMatcher =
  | ((req: RecordedRequest) => boolean)
  | { method?: string; pathIncludes?: string };
export interface Fault {
  status: number;
  retryAfter?: number;
  global?: boolean;
  code?: number;
  message?: string;
  /** How many matching requests fail (default 1). */
  times?: number;
}
export interface DoubleChannel {
  id: string;
  name: string;
  type?: ChannelType;
  overwrites?: Overwrite[];
}
export interface DoubleGuild {
  id: string;
  name?: string;
  channels?: DoubleChannel[];
  members?: DoubleMember[];
  /** Stays unavailable after READY (an outage at start-up) until `guildBack()`. */
  unavailable?: boolean;
}
export interface DiscordDoubleOptions {
  /** Check every body the bot sends against discord-api-spec (default true). */
  validate?: boolean;
  heartbeatInterval?: number;
  bot?: { id: string; username: string };
  guilds?: DoubleGuild[];
  /** The bot's role's permissions (default: what the README's invite link grants). */
  appPermissions?: bigint;
  /** How long after READY the servers' GUILD_CREATE follow, as Discord streams them (ms, 250). */
  guildDelayMs?: number;
  /** Rate limits: bucket window, per-channel sends, global limit. */
  pace?: PaceOptions;
  /** How long an enforced nonce returns the first message; Discord forgets after minutes (5). */
  nonceWindowMs?: number;
}
export type { DoubleMember, InteractionInput };

type Interaction = {
  token: string;
  type: InteractionType;
  channelId: string;
  messageId?: string;
  acked: boolean;
};
type Channel = Json & {
  id: string;
  guild_id: string;
  type: ChannelType;
  name: string;
  parent_id: string | null;
  permission_overwrites: Overwrite[];
};
interface GuildState {
  id: string;
  name: string;
  available: boolean;
  botRole: string;
}

export const DEFAULT_GUILD_ID = '1300000000000000010';
export const DEFAULT_CHANNEL_ID = '1300000000000000011';
export const DEFAULT_MEMBER: DoubleMember = { id: '1300000000000000020', username: 'tester' };
export const MEMBER_PERMISSIONS =
  P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.EmbedLinks | P.UseApplicationCommands;
/** The permissions the README's invite link grants the bot. */
export const INVITE_PERMISSIONS =
  MEMBER_PERMISSIONS | P.CreatePublicThreads | P.SendMessagesInThreads;
/** Discord's cap: a thread past this many members adds nobody, mentioned or not. */
export const THREAD_MEMBER_CAP = 1000;
// Not DEFAULT_MEMBER: discord.js grants a guild's owner every permission, hiding permission bugs.
const OWNER_ID = '1300000000000000002';
const HAS_THREAD = 1 << 5;

const isThread = (c: Channel) =>
  c.type === ChannelType.PublicThread || c.type === ChannelType.PrivateThread;
const jsonOf = (body: unknown): Json => {
  const value = typeof body === 'string' ? multipartJson(body) : body;
  return typeof value === 'object' && value && !Array.isArray(value) ? (value as Json) : {};
};
const toPredicate = (m: RequestMatcher) =>
  typeof m === 'function'
    ? m
    : (r: RecordedRequest) =>
        (!m.method || r.method === m.method.toUpperCase()) &&
        (!m.pathIncludes || r.path.includes(m.pathIncludes));
function matchRoute(key: string, method: string, path: string): Params | undefined {
  const [methods = '', template = ''] = key.split(' ');
  if (!methods.split('|').includes(method)) return undefined;
  const pattern = new RegExp(`^${template.replace(/:\w+/g, '([^/]+)')}$`);
  return pattern.exec(path)?.slice(1) as Params | undefined;
}
function faultReply(f: Fault): Reply {
  if (f.status === 429) {
    const scope: Record<string, string> = f.global
      ? { 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' }
      : {};
    return tooMany((f.retryAfter ?? 0.1) * 1000, scope);
  }
  const known: Record<number, [number, string]> = {
    403: [50001, 'Missing Access'],
    404: [10003, 'Unknown Channel'],
  };
  const [code, message] = known[f.status] ?? [0, `${f.status}: Injected fault`];
  return discordError(f.status, f.code ?? code, f.message ?? message);
}
const refusal = (code: 50001 | 50013 | undefined) =>
  code === 50001
    ? errors.missingAccess()
    : code === 50013
      ? errors.missingPermissions()
      : undefined;

/**
 * A local Discord for the real discord.js client: an HTTP server for the REST API and a gateway
 * socket on one loopback port. It behaves like Discord where the bot depends on it: servers arrive
 * after READY, come and go, channels change under the bot, REST is rate limited per bucket and
 * globally, threads hold at most 1,000 members, and missing permissions answer 50001 or 50013.
 */
export class DiscordDouble {
  readonly requests: RecordedRequest[] = [];
  /** Messages created by `POST /channels/:id/messages` (nonce replays not repeated). */
  readonly messages: APIMessage[] = [];
  readonly validationErrors: string[] = [];
  readonly guilds: DoubleGuild[];
  readonly bot: { id: string; username: string };
  readonly limits: RateLimits;
  /** Users mentioned in a full thread, who Discord therefore did not add to it, by thread id. */
  readonly leftOutOfThreads = new Map<string, string[]>();
  identifyCount = 0;
  resumeCount = 0;
  port = 0;
  private readonly options: DiscordDoubleOptions;
  private readonly server = createServer((req, res) => {
    // A bug in the double should fail the bot's request loudly, not hang it.
    this.onHttp(req, res).catch((error: Error) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 0, message: `DiscordDouble: ${error.stack}` }));
    });
  });
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly requestWaiters = new Set<(rec: RecordedRequest) => void>();
  private readonly resumeWaiters = new Set<(resumed: true) => void>();
  private readonly pending = new Set<(error: Error) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly faults: {
    match: (r: RecordedRequest) => boolean;
    fault: Fault;
    left: number;
  }[] = [];
  private readonly store = new Map<string, APIMessage>(); // every message, by id
  private readonly nonces = new Map<string, { message: APIMessage; at: number }>();
  private readonly interactions = new Map<string, Interaction>();
  private readonly originals = new Map<string, string>(); // interaction token -> message id
  private readonly members = new Map<string, DoubleMember>(); // `${guildId}:${userId}`
  private readonly channels = new Map<string, Channel>();
  private readonly threadMembers = new Map<string, Set<string>>();
  private readonly guildStates = new Map<string, GuildState>();
  private socket: WebSocket | undefined;
  private sessionId = '';
  private seq = 0;
  private backlog: string[] = [];
  private resumeMark = 0;

  private constructor(options: DiscordDoubleOptions) {
    this.options = options;
    this.bot = options.bot ?? { id: '1300000000000000001', username: 'nexus-double' };
    this.limits = new RateLimits(options.pace);
    const general = { id: DEFAULT_CHANNEL_ID, name: 'general' };
    this.guilds = [];
    for (const g of options.guilds ?? [{ id: DEFAULT_GUILD_ID, channels: [general] }]) {
      this.addGuild(g);
    }
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/gateway')) return void socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
  }

  static async start(options: DiscordDoubleOptions = {}): Promise<DiscordDouble> {
    const double = new DiscordDouble(options);
    await new Promise<void>((resolve) => double.server.listen(0, '127.0.0.1', resolve));
    double.port = (double.server.address() as AddressInfo).port;
    return double;
  }

  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }
  get botUser(): APIUser {
    return apiUser(this.bot, true);
  }

  failNext(matcher: RequestMatcher, fault: Fault): void {
    this.faults.push({ match: toPredicate(matcher), fault, left: fault.times ?? 1 });
  }

  /** First recorded or future match; rejects with the schema's complaint if its body was invalid. */
  async waitForRequest(matcher: RequestMatcher, timeoutMs = 5000): Promise<RecordedRequest> {
    const match = toPredicate(matcher);
    const described = typeof matcher === 'function' ? 'the predicate' : JSON.stringify(matcher);
    const seen = () => this.requests.map((r) => `${r.method} ${r.path}`).join(', ') || 'none';
    const rec =
      this.requests.find(match) ??
      (await this.wait(timeoutMs, this.requestWaiters, match, () => {
        return `request matching ${described} (seen: ${seen()})`;
      }));
    if (rec.validationError) throw new Error(rec.validationError);
    return rec;
  }

  /** Resolves once discord.js has resumed after the latest `dropSocket()`. */
  async waitForResume(timeoutMs = 5000): Promise<void> {
    if (this.resumeCount > this.resumeMark) return;
    await this.wait(
      timeoutMs,
      this.resumeWaiters,
      () => true,
      () => 'gateway RESUME',
    );
  }

  /** Closes the gateway socket with a resumable code; discord.js waits ~0.5 s, then RESUMEs. */
  dropSocket(code = 4000): void {
    this.resumeMark = this.resumeCount;
    this.socket?.close(code, 'dropped by the double');
  }

  /** `performance.now()` as the latest dispatch was handed to the socket (or queued). */
  private lastSentAt = 0;

  dispatch(event: string, data: unknown): number {
    const payload = JSON.stringify({ op: Op.Dispatch, t: event, s: ++this.seq, d: data });
    this.lastSentAt = performance.now();
    // Held while disconnected and replayed on RESUME, as Discord does.
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(payload);
    else this.backlog.push(payload);
    return this.seq;
  }

  /** `sentAt`: `performance.now()` once the payload was built, as it went to the socket. */
  dispatchInteraction(input: InteractionInput): { id: string; token: string; sentAt: number } {
    const [id, token] = [snowflake(), `double-${randomBytes(16).toString('hex')}`];
    const guildId = input.guildId === undefined ? this.guilds[0]?.id : (input.guildId ?? undefined);
    const channelId = input.channelId ?? this.firstTextChannel(guildId);
    const member = input.member ?? DEFAULT_MEMBER;
    const permissions = String(member.permissions ?? MEMBER_PERMISSIONS);
    const isComponent = input.type === InteractionType.MessageComponent;
    const message = input.message ?? (isComponent ? this.createMessage(channelId, {}) : undefined);
    const messageId = typeof message?.id === 'string' ? message.id : undefined;
    this.interactions.set(id, { token, type: input.type, channelId, messageId, acked: false });
    if (guildId) this.members.set(`${guildId}:${member.id}`, member);
    const dm = { id: channelId, type: ChannelType.DM, recipients: [apiUser(member)] };
    const known = this.channels.get(channelId);
    const channel = { ...(known ?? dm), permissions };
    const where = guildId
      ? { guild_id: guildId, member: { ...apiMember(member), permissions }, guild_locale: 'en-US' }
      : { user: apiUser(member) };
    this.dispatch(Events.InteractionCreate, {
      id,
      token,
      type: input.type,
      data: input.data,
      application_id: this.bot.id,
      version: 1,
      channel_id: channelId,
      channel,
      ...where,
      ...(message && { message }),
      app_permissions: String(known ? this.botPermissionsIn(known) : this.appPermissions),
      locale: input.locale ?? 'en-US',
      entitlements: [],
      authorizing_integration_owners: guildId ? { 0: guildId } : { 1: member.id },
      context: guildId ? 0 : 1,
      attachment_size_limit: 26_214_400,
    });
    return { id, token, sentAt: this.lastSentAt };
  }

  /** The member leaves the server: fetching them answers Unknown Member from now on. */
  removeMember(guildId: string, userId: string): void {
    this.members.delete(`${guildId}:${userId}`);
  }

  /** The bot is added to a server while running: it arrives by GUILD_CREATE alone. */
  joinGuild(guild: DoubleGuild): void {
    this.addGuild({ ...guild, unavailable: false });
    this.dispatch(Events.GuildCreate, this.guildPayload(guild.id));
  }

  /** A server outage: Discord marks the server unavailable until `guildBack()`. */
  guildOutage(guildId: string): void {
    this.guildState(guildId).available = false;
    this.dispatch(Events.GuildDelete, { id: guildId, unavailable: true });
  }

  /** The server is back (after an outage, or one that was unavailable at start-up). */
  guildBack(guildId: string): void {
    this.guildState(guildId).available = true;
    this.dispatch(Events.GuildCreate, this.guildPayload(guildId));
  }

  /** A channel created in a server, as a member would; returns its id. */
  createChannel(guildId: string, channel: Omit<DoubleChannel, 'id'> & { id?: string }): string {
    const created = this.addChannel(guildId, { id: snowflake(), ...channel });
    this.dispatch(Events.ChannelCreate, created);
    return created.id;
  }

  /** Renames a channel or changes its overwrites, and tells the bot (CHANNEL_UPDATE). */
  updateChannel(channelId: string, change: { name?: string; overwrites?: Overwrite[] }): void {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`DiscordDouble: no channel ${channelId}`);
    if (change.name !== undefined) channel.name = change.name;
    if (change.overwrites !== undefined) channel.permission_overwrites = change.overwrites;
    this.dispatch(Events.ChannelUpdate, channel);
  }

  /** Takes permissions away from the bot in one channel, adding to its member overwrite. */
  denyBot(channelId: string, ...denied: bigint[]): void {
    const overwrites = this.channels.get(channelId)?.permission_overwrites ?? [];
    const own = overwrites.find((o) => o.id === this.bot.id);
    const deny = denied.reduce((all, bit) => all | bit, BigInt(own?.deny ?? 0));
    const others = overwrites.filter((o) => o !== own);
    const overwrite: Overwrite = { id: this.bot.id, type: 1, allow: '0', deny: String(deny) };
    this.updateChannel(channelId, { overwrites: [...others, overwrite] });
  }

  /** Deletes a channel and its threads; requests to them answer Unknown Channel from now on. */
  deleteChannel(channelId: string): void {
    const channel = this.channels.get(channelId);
    if (!channel) return;
    for (const c of this.channels.values())
      if (c.parent_id === channelId) this.channels.delete(c.id);
    this.channels.delete(channelId);
    this.dispatch(Events.ChannelDelete, channel);
  }

  /** A channel or thread as Discord holds it now. */
  channel(channelId: string): Readonly<Channel> | undefined {
    return this.channels.get(channelId);
  }

  /** The threads started in a channel, oldest first. */
  threadsOf(channelId: string): Readonly<Channel>[] {
    return [...this.channels.values()].filter((c) => isThread(c) && c.parent_id === channelId);
  }

  /** Who is in a thread: the bot, and every user mentioned there while it had room. */
  membersOf(threadId: string): ReadonlySet<string> {
    return this.threadMembers.get(threadId) ?? new Set();
  }

  /** Messages posted in a channel or thread, oldest first. */
  messagesIn(channelId: string): APIMessage[] {
    return this.messages.filter((m) => m.channel_id === channelId);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const fail of this.pending) fail(new Error('DiscordDouble closed while waiting'));
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private get appPermissions(): bigint {
    return this.options.appPermissions ?? INVITE_PERMISSIONS;
  }

  private addGuild(g: DoubleGuild): void {
    const botRole = snowflake();
    this.guilds.push(g);
    this.guildStates.set(g.id, {
      id: g.id,
      name: g.name ?? 'Nexus Test Guild',
      available: !g.unavailable,
      botRole,
    });
    for (const c of g.channels ?? [{ id: snowflake(), name: 'general' }]) this.addChannel(g.id, c);
    for (const m of [{ ...this.bot, bot: true, roles: [botRole] }, ...(g.members ?? [])]) {
      this.members.set(`${g.id}:${m.id}`, m);
    }
  }

  private addChannel(guildId: string, c: DoubleChannel): Channel {
    const position = [...this.channels.values()].filter((x) => x.guild_id === guildId).length;
    const channel: Channel = {
      id: c.id,
      name: c.name,
      type: c.type ?? ChannelType.GuildText,
      guild_id: guildId,
      position,
      permission_overwrites: c.overwrites ?? [],
      parent_id: null,
      nsfw: false,
    };
    this.channels.set(c.id, channel);
    return channel;
  }

  private guildState(guildId: string): GuildState {
    const state = this.guildStates.get(guildId);
    if (!state) throw new Error(`DiscordDouble: no guild ${guildId}`);
    return state;
  }

  /** The bot's permissions in a channel (a thread's come from its parent). */
  private botPermissionsIn(channel: Channel): bigint {
    const parent = isThread(channel) ? this.channels.get(channel.parent_id ?? '') : channel;
    if (!parent) return 0n;
    const { botRole } = this.guildState(parent.guild_id);
    return channelPermissions({
      guildId: parent.guild_id,
      rolePermissions: new Map([
        [parent.guild_id, MEMBER_PERMISSIONS],
        [botRole, this.appPermissions],
      ]),
      memberRoles: [botRole],
      memberId: this.bot.id,
      overwrites: parent.permission_overwrites,
    });
  }

  private wait<T>(
    ms: number,
    waiters: Set<(v: T) => void>,
    match: (v: T) => boolean,
    what: () => string,
  ) {
    return new Promise<T>((resolve, reject) => {
      const finish = (error: Error | undefined, value?: T) => {
        clearTimeout(timer);
        waiters.delete(waiter);
        this.pending.delete(finish);
        error ? reject(error) : resolve(value as T);
      };
      const waiter = (value: T) => match(value) && finish(undefined, value);
      const fail = () => finish(new Error(`DiscordDouble: no ${what()} within ${ms} ms`));
      const timer = setTimeout(fail, ms);
      waiters.add(waiter);
      this.pending.add(finish);
    });
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const arrivedAt = performance.now();
    const raw = Buffer.concat(chunks).toString('utf8');
    const isJson = req.headers['content-type']?.includes('json') && raw !== '';
    const parse = (text: string): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        return text; // recorded as sent; the schema check then reports it
      }
    };
    const url = new URL(req.url ?? '/', this.apiBase);
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      body: isJson ? parse(raw) : raw || undefined,
      headers: req.headers,
      at: Date.now(),
      arrivedAt,
      status: 0,
    };
    const route = rec.path.startsWith('/api/v10/') ? rec.path.slice('/api/v10'.length) : '';
    const paced = this.limits.take(rec.method, route, rec.at);
    const limited = 'status' in paced ? paced : undefined;
    const fault = limited ? undefined : this.faults.find((f) => f.match(rec));
    if (fault && --fault.left === 0) this.faults.splice(this.faults.indexOf(fault), 1);
    const reply = limited ?? (fault ? faultReply(fault.fault) : this.route(rec, route));
    rec.status = reply.status;
    rec.response = reply.body;
    if ((this.options.validate ?? true) && rec.body !== undefined) {
      try {
        validateRequestBody(rec);
      } catch (error) {
        rec.validationError = (error as Error).message;
        this.validationErrors.push(rec.validationError);
      }
    }
    this.requests.push(rec);
    for (const waiter of this.requestWaiters) waiter(rec);
    // No content-type on empty bodies: @discordjs/rest would try to JSON-parse a 204.
    const type = reply.body === undefined ? {} : { 'content-type': 'application/json' };
    const headers = 'headers' in paced ? paced.headers : {};
    res.writeHead(reply.status, { ...headers, ...type, ...reply.headers });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private route(rec: RecordedRequest, path: string): Reply {
    const body = jsonOf(rec.body);
    const limit = { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 };
    const routes: Record<string, (p: Params) => Reply> = {
      'GET /gateway/bot': () => ok({ url: this.gatewayUrl, shards: 1, session_start_limit: limit }),
      'GET /users/@me': () => ok(this.botUser),
      'GET /applications/@me': () => ok({ id: this.bot.id, name: this.bot.username, flags: 0 }),
      'POST /interactions/:id/:token/callback': ([id, token]) =>
        this.callback(id, token, body, rec.query.with_response === 'true'),
      'POST /webhooks/:appId/:token': ([, token]) => this.followUp(token, body),
      'GET|PATCH|DELETE /webhooks/:appId/:token/messages/:id': ([, token, id]) =>
        this.messageOp(rec.method, id === '@original' ? this.originals.get(token) : id, body),
      'POST /channels/:id/messages': ([channelId]) => this.channelMessage(channelId, body),
      'GET /channels/:id/messages': ([channelId]) => this.history(channelId, rec.query),
      'POST /channels/:id/messages/:messageId/threads': ([channelId, messageId]) =>
        this.startThread(channelId, body, messageId),
      'POST /channels/:id/threads': ([channelId]) => this.startThread(channelId, body),
      'GET|PATCH|DELETE /channels/:channelId/messages/:id': ([, id]) =>
        this.messageOp(rec.method, id, body),
      'GET /channels/:id': ([id]) => this.getChannel(id),
      'GET /guilds/:guildId/threads/active': ([guildId]) => this.activeThreads(guildId),
      'GET /guilds/:guildId/members/:userId': ([guildId, userId]) => {
        const member = this.members.get(`${guildId}:${userId}`);
        return member ? ok(apiMember(member)) : errors.unknownMember();
      },
      'PUT /applications/:appId/commands': () => this.putCommands(rec.body),
      'PUT /applications/:appId/guilds/:guildId/commands': ([, guildId]) =>
        this.putCommands(rec.body, guildId),
    };
    for (const [key, handle] of Object.entries(routes)) {
      const params = matchRoute(key, rec.method, path);
      if (params) return handle(params);
    }
    return discordError(404, 0, '404: Not Found');
  }

  private callback(id: string, token: string, body: Json, withResponse: boolean): Reply {
    const ix = this.interactions.get(id);
    if (ix?.token !== token) return discordError(404, 10062, 'Unknown interaction');
    // Discord refuses a second response; answering the same way surfaces double replies.
    if (ix.acked) return discordError(400, 40060, 'Interaction has already been acknowledged.');
    ix.acked = true;
    const data = jsonOf(body.data);
    let message: APIMessage | undefined;
    if (body.type === 4 || body.type === 5) {
      const loading = { flags: Number(data.flags ?? 0) | MessageFlags.Loading };
      message = this.createMessage(ix.channelId, body.type === 4 ? data : loading, true);
      this.originals.set(token, message.id);
    } else if ((body.type === 6 || body.type === 7) && ix.messageId) {
      // For component interactions @original is the message the component sits on.
      this.originals.set(token, ix.messageId);
      message = this.store.get(ix.messageId);
      if (message && body.type === 7) Object.assign(message, messageFields(data));
    }
    if (!withResponse) return { status: 204 };
    const interaction = {
      id,
      type: ix.type,
      response_message_id: message?.id,
      response_message_loading: body.type === 5,
      response_message_ephemeral: ((message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
    };
    return ok({ interaction, resource: { type: body.type, message } });
  }

  private followUp(token: string, body: Json): Reply {
    const ix = [...this.interactions.values()].find((i) => i.token === token);
    if (!ix) return discordError(404, 10015, 'Unknown Webhook');
    return ok(this.createMessage(ix.channelId, body, true));
  }

  private getChannel(channelId: string): Reply {
    const channel = this.channels.get(channelId);
    if (!channel) return errors.unknownChannel();
    const hidden = (this.botPermissionsIn(channel) & P.ViewChannel) === 0n;
    return hidden ? errors.missingAccess() : ok(channel);
  }

  private channelMessage(channelId: string, body: Json): Reply {
    const channel = this.channels.get(channelId);
    if (!channel) return errors.unknownChannel();
    const refused = refusal(postRefusal(this.botPermissionsIn(channel), isThread(channel)));
    if (refused) return refused;
    const nonce =
      body.enforce_nonce === true && body.nonce != null ? String(body.nonce) : undefined;
    const earlier = nonce === undefined ? undefined : this.nonces.get(`${channelId}:${nonce}`);
    const window = this.options.nonceWindowMs ?? 5 * 60 * 1000;
    if (earlier && Date.now() - earlier.at <= window) return ok(earlier.message);
    const message = this.createMessage(channelId, body);
    this.messages.push(message);
    if (nonce !== undefined) this.nonces.set(`${channelId}:${nonce}`, { message, at: Date.now() });
    if (isThread(channel)) this.addToThread(channel, mentionedUsers(body));
    return ok(message);
  }

  /** `GET /channels/:id/messages`: newest first, `before`/`after` a message id, at most 100. */
  private history(channelId: string, query: Record<string, string>): Reply {
    const channel = this.channels.get(channelId);
    if (!channel) return errors.unknownChannel();
    const permissions = this.botPermissionsIn(channel);
    if ((permissions & P.ViewChannel) === 0n) return errors.missingAccess();
    // Without Read Message History Discord answers with no messages rather than an error.
    if ((permissions & P.ReadMessageHistory) === 0n) return ok([]);
    const limit = Math.min(100, Math.max(1, Number(query.limit ?? 50)));
    const after = query.after === undefined ? undefined : BigInt(query.after);
    const before = query.before === undefined ? undefined : BigInt(query.before);
    const inRange = (m: APIMessage) =>
      (after === undefined || BigInt(m.id) > after) &&
      (before === undefined || BigInt(m.id) < before);
    const found = [...this.store.values()].filter((m) => m.channel_id === channelId && inRange(m));
    found.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    // With `after`, Discord returns the oldest ones after it (still newest first).
    const page = after === undefined ? found.slice(0, limit) : found.slice(-limit);
    return ok(page);
  }

  /**
   * Starts a public thread from a message (the thread takes the message's id; a second start
   * answers 160004) or on its own (`type` required in v10). The bot is its first member.
   */
  private startThread(channelId: string, body: Json, messageId?: string): Reply {
    const parent = this.channels.get(channelId);
    if (!parent || isThread(parent)) return errors.unknownChannel();
    const starter = messageId === undefined ? undefined : this.store.get(messageId);
    if (messageId !== undefined && starter?.channel_id !== channelId)
      return errors.unknownMessage();
    const refused = refusal(threadRefusal(this.botPermissionsIn(parent)));
    if (refused) return refused;
    if (messageId !== undefined && this.channels.has(messageId)) return errors.threadExists();
    if (typeof body.name !== 'string' || body.name === '') {
      return errors.invalidForm('name', 'This field is required');
    }
    if (messageId === undefined && body.type === undefined) {
      return errors.invalidForm('type', 'This field is required');
    }
    const now = new Date().toISOString();
    const thread: Channel = {
      id: messageId ?? snowflake(),
      type: messageId === undefined ? (body.type as ChannelType) : ChannelType.PublicThread,
      guild_id: parent.guild_id,
      parent_id: parent.id,
      name: body.name,
      owner_id: this.bot.id,
      permission_overwrites: [],
      last_message_id: null,
      message_count: 0,
      total_message_sent: 0,
      member_count: 1,
      rate_limit_per_user: 0,
      flags: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: body.auto_archive_duration ?? 4320,
        archive_timestamp: now,
        locked: false,
        create_timestamp: now,
      },
    };
    this.channels.set(thread.id, thread);
    this.threadMembers.set(thread.id, new Set([this.bot.id]));
    if (starter) {
      Object.assign(starter, { thread, flags: (starter.flags ?? 0) | HAS_THREAD });
    }
    const member = { id: thread.id, user_id: this.bot.id, join_timestamp: now, flags: 0 };
    this.dispatch(Events.ThreadCreate, { ...thread, member, newly_created: true });
    return ok(thread, 201);
  }

  /** The server's threads the bot can see, with its own membership where it is a member. */
  private activeThreads(guildId: string): Reply {
    const visible = [...this.channels.values()].filter(
      (c) =>
        isThread(c) && c.guild_id === guildId && (this.botPermissionsIn(c) & P.ViewChannel) !== 0n,
    );
    const members = visible
      .filter((t) => this.threadMembers.get(t.id)?.has(this.bot.id))
      .map((t) => ({ id: t.id, user_id: this.bot.id, join_timestamp: JOINED_AT, flags: 0 }));
    return ok({ threads: visible, members });
  }

  /** A mention adds the user to the thread, while it has room; past the cap nobody is added. */
  private addToThread(thread: Channel, users: string[]): void {
    const members = this.threadMembers.get(thread.id) ?? new Set<string>();
    const leftOut = this.leftOutOfThreads.get(thread.id) ?? [];
    for (const user of users) {
      if (members.has(user)) continue;
      if (members.size < THREAD_MEMBER_CAP) members.add(user);
      else leftOut.push(user);
    }
    this.threadMembers.set(thread.id, members);
    if (leftOut.length > 0) this.leftOutOfThreads.set(thread.id, leftOut);
    thread.member_count = members.size;
    thread.message_count = Number(thread.message_count ?? 0) + 1;
    thread.total_message_sent = thread.message_count;
  }

  private messageOp(method: string, id: string | undefined, body: Json): Reply {
    const message = id === undefined ? undefined : this.store.get(id);
    if (!message) return errors.unknownMessage();
    if (method === 'DELETE') {
      this.store.delete(message.id);
      return { status: 204 };
    }
    if (method === 'PATCH') {
      const flags = (message.flags ?? 0) & ~MessageFlags.Loading; // an edit completes a deferral
      const edited_timestamp = new Date().toISOString();
      Object.assign(message, { flags }, messageFields(body), { edited_timestamp });
    }
    return ok(message);
  }

  private putCommands(list: unknown, guildId?: string): Reply {
    const base = { application_id: this.bot.id, type: 1, default_member_permissions: null };
    const commands = Array.isArray(list) ? (list as Json[]) : [];
    const echo = (c: Json) => ({
      ...base,
      ...c,
      id: snowflake(),
      version: snowflake(),
      guild_id: guildId,
    });
    return ok(commands.map(echo));
  }

  private createMessage(channelId: string, body: Json, fromApp = false): APIMessage {
    const mentions = mentionedUsers(body).map((id) => apiUser({ id, username: `user-${id}` }));
    const message = {
      ...structuredClone(MESSAGE_DEFAULTS),
      id: snowflake(),
      channel_id: channelId,
      guild_id: this.channels.get(channelId)?.guild_id,
      author: this.botUser,
      timestamp: new Date().toISOString(),
      mentions,
      ...(fromApp && { webhook_id: this.bot.id, application_id: this.bot.id }),
      ...(body.nonce !== undefined && { nonce: body.nonce as string | number }),
      ...messageFields(body),
    } as APIMessage;
    this.store.set(message.id, message);
    return message;
  }

  private firstTextChannel(guildId: string | undefined): string {
    const isText = (c: Channel) => c.guild_id === guildId && c.type === ChannelType.GuildText;
    return (guildId && [...this.channels.values()].find(isText)?.id) || snowflake();
  }

  private guildPayload(guildId: string): Json {
    const g = this.guildState(guildId);
    const members = this.guildMembers(guildId);
    const inGuild = [...this.channels.values()].filter((c) => c.guild_id === guildId);
    return {
      ...GUILD_DEFAULTS,
      id: guildId,
      name: g.name,
      owner_id: OWNER_ID,
      unavailable: false,
      roles: [
        apiRole(guildId, '@everyone', MEMBER_PERMISSIONS, false),
        apiRole(g.botRole, this.bot.username, this.appPermissions, true),
      ],
      channels: inGuild.filter((c) => !isThread(c)),
      threads: inGuild.filter(isThread),
      members: members.map(apiMember),
      member_count: members.length,
      joined_at: JOINED_AT,
    };
  }

  private onSocket(ws: WebSocket): void {
    const send = (payload: Json) => ws.send(JSON.stringify({ s: null, t: null, ...payload }));
    send({ op: Op.Hello, d: { heartbeat_interval: this.options.heartbeatInterval ?? 41_250 } });
    ws.on('message', (raw) => {
      const { op, d } = JSON.parse(String(raw)) as { op: Op; d: Json };
      if (op === Op.Heartbeat) send({ op: Op.HeartbeatAck });
      else if (op === Op.Identify) this.identify(ws);
      else if (op === Op.Resume && d.session_id !== this.sessionId)
        send({ op: Op.InvalidSession, d: false });
      else if (op === Op.Resume) {
        this.socket = ws;
        this.resumeCount++;
        for (const payload of this.backlog.splice(0)) ws.send(payload);
        this.dispatch(Events.Resumed, {});
        for (const waiter of this.resumeWaiters) waiter(true);
      } else if (op === Op.RequestGuildMembers) {
        const members = this.guildMembers(String(d.guild_id)).map(apiMember);
        const chunk = { chunk_index: 0, chunk_count: 1, not_found: [], nonce: d.nonce };
        this.dispatch(Events.GuildMembersChunk, { guild_id: d.guild_id, members, ...chunk });
      }
    });
  }

  private guildMembers(guildId: string): DoubleMember[] {
    return [...this.members].filter(([key]) => key.startsWith(`${guildId}:`)).map(([, m]) => m);
  }

  /**
   * A new session: READY lists every server as unavailable, and each available one follows by
   * GUILD_CREATE a moment later, after discord.js's `login()` has resolved, as on Discord.
   */
  private identify(ws: WebSocket): void {
    this.socket = ws;
    this.sessionId = randomBytes(16).toString('hex');
    this.seq = 0;
    this.backlog = [];
    this.identifyCount++;
    this.dispatch(Events.Ready, {
      v: 10,
      user: this.botUser,
      application: { id: this.bot.id, flags: 0 },
      guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: this.sessionId,
      resume_gateway_url: this.gatewayUrl,
      shard: [0, 1],
    });
    const session = this.sessionId;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (session !== this.sessionId) return;
      for (const g of this.guildStates.values()) {
        if (g.available) this.dispatch(Events.GuildCreate, this.guildPayload(g.id));
      }
    }, this.options.guildDelayMs ?? 250);
    this.timers.add(timer);
  }
}

export const startDiscordDouble = (options?: DiscordDoubleOptions): Promise<DiscordDouble> =>
  DiscordDouble.start(options);
