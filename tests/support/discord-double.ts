import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type APIApplicationCommandInteractionDataOption,
  type APIMessage,
  type APIUser,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents as Events,
  InteractionType,
  MessageFlags,
  MessageType,
  GatewayOpcodes as Op,
  PermissionFlagsBits as P,
} from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import { multipartJson, validateRequestBody } from './api-spec.js';

type Json = Record<string, unknown>;
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
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
  /** What the double answered, injected faults included. */
  status: number;
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
export interface DoubleMember {
  id: string;
  username: string;
  permissions?: bigint;
  roles?: string[];
  bot?: boolean;
}
export interface DoubleGuild {
  id: string;
  name?: string;
  channels?: { id: string; name: string; type?: ChannelType }[];
  members?: DoubleMember[];
}
export interface DiscordDoubleOptions {
  /** Check every body the bot sends against discord-api-spec (default true). */
  validate?: boolean;
  heartbeatInterval?: number;
  bot?: { id: string; username: string };
  guilds?: DoubleGuild[];
  /** The bot's own permissions (its managed role, and `app_permissions` on interactions). */
  appPermissions?: bigint;
  /** Discord's global limit: past this many requests in a second, answer 429 (global). */
  requestsPerSecond?: number;
}
export interface InteractionInput {
  type: InteractionType;
  data: Json;
  member?: DoubleMember;
  /** Defaults to the first guild; `null` makes it a DM interaction. */
  guildId?: string | null;
  channelId?: string;
  message?: Json;
  locale?: string;
}
type Opts = Omit<InteractionInput, 'type' | 'data'>;
type Interaction = {
  token: string;
  type: InteractionType;
  channelId: string;
  messageId?: string;
  acked: boolean;
};

type Channel = Json & { id: string; guild_id: string; type: ChannelType };

export const DEFAULT_GUILD_ID = '1300000000000000010';
export const DEFAULT_CHANNEL_ID = '1300000000000000011';
export const DEFAULT_MEMBER: DoubleMember = { id: '1300000000000000020', username: 'tester' };
export const MEMBER_PERMISSIONS =
  P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.EmbedLinks | P.UseApplicationCommands;
// Not DEFAULT_MEMBER: discord.js grants a guild's owner every permission, hiding permission bugs.
const OWNER_ID = '1300000000000000002';
const JOINED_AT = '2024-01-01T00:00:00.000Z';

let increment = 0n;
/** Snowflakes carry a real timestamp so discord.js' createdAt and sorting behave. */
export const snowflake = (): string =>
  String(((BigInt(Date.now()) - 1420070400000n) << 22n) | (increment++ % 4096n));

// Padding for payload fields discord.js reads but no test cares about.
const fill = (value: unknown, keys: string): Json =>
  Object.fromEntries(keys.split(' ').map((key) => [key, value]));
const GUILD_DEFAULTS = {
  ...fill(null, 'icon splash banner description system_channel_id afk_channel_id vanity_url_code'),
  ...fill([], 'features threads presences voice_states emojis stickers guild_scheduled_events'),
  ...fill(0, 'verification_level default_message_notifications explicit_content_filter mfa_level'),
  premium_tier: 0,
  afk_timeout: 300,
  preferred_locale: 'en-US',
  large: false,
};
const MESSAGE_DEFAULTS: Omit<APIMessage, 'id' | 'channel_id' | 'author' | 'timestamp'> = {
  content: '',
  embeds: [],
  components: [],
  attachments: [],
  mentions: [],
  mention_roles: [],
  mention_everyone: false,
  pinned: false,
  tts: false,
  type: MessageType.Default,
  flags: 0 as MessageFlags,
  edited_timestamp: null,
};

const ok = (body: unknown): Reply => ({ status: 200, body });
const discordError = (status: number, code: number, message: string): Reply => ({
  status,
  body: { code, message },
});
const apiUser = ({ id, username }: { id: string; username: string }, bot = false): APIUser => {
  return { id, username, bot, discriminator: '0', global_name: null, avatar: null };
};
const apiMember = (m: DoubleMember) => {
  const memberDefaults = { nick: null, deaf: false, mute: false, flags: 0, pending: false };
  return { user: apiUser(m, m.bot), roles: m.roles ?? [], joined_at: JOINED_AT, ...memberDefaults };
};
const apiRole = (id: string, name: string, permissions: bigint, managed: boolean) => {
  const roleDefaults = { color: 0, hoist: false, mentionable: false, flags: 0 };
  return {
    id,
    name,
    permissions: String(permissions),
    position: Number(managed),
    managed,
    ...roleDefaults,
  };
};
const jsonOf = (body: unknown): Json => {
  const value = typeof body === 'string' ? multipartJson(body) : body;
  return typeof value === 'object' && value && !Array.isArray(value) ? (value as Json) : {};
};
const messageFields = (body: Json): Json =>
  Object.fromEntries(
    ['content', 'embeds', 'components', 'flags'].flatMap((k) => (k in body ? [[k, body[k]]] : [])),
  );
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

// Shaped the way @discordjs/rest reads rate limits, so it sleeps retry_after and retries by itself.
function faultReply(f: Fault): Reply {
  if (f.status !== 429) {
    const known: Record<number, [number, string]> = {
      403: [50001, 'Missing Access'],
      404: [10003, 'Unknown Channel'],
    };
    const [code, message] = known[f.status] ?? [0, `${f.status}: Injected fault`];
    return discordError(f.status, f.code ?? code, f.message ?? message);
  }
  const after = f.retryAfter ?? 0.1;
  const headers: Record<string, string> = {
    'retry-after': String(after),
    'x-ratelimit-reset-after': String(after),
    'x-ratelimit-limit': '1',
    'x-ratelimit-remaining': '0',
    ...(f.global && { 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' }),
  };
  const body = { message: 'You are being rate limited.', retry_after: after, global: !!f.global };
  return { status: 429, body, headers };
}

export class DiscordDouble {
  readonly requests: RecordedRequest[] = [];
  /** Arrival times of the requests in the last second, for `requestsPerSecond`. */
  private readonly window: number[] = [];
  /** How many requests the global limit answered with 429. */
  rateLimited = 0;
  /** Messages created by `POST /channels/:id/messages` (nonce replays not repeated). */
  readonly messages: APIMessage[] = [];
  readonly validationErrors: string[] = [];
  readonly guilds: DoubleGuild[];
  readonly bot: { id: string; username: string };
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
  private readonly faults: {
    match: (r: RecordedRequest) => boolean;
    fault: Fault;
    left: number;
  }[] = [];
  private readonly store = new Map<string, APIMessage>(); // every message, by id
  private readonly nonces = new Map<string, APIMessage>();
  private readonly interactions = new Map<string, Interaction>();
  private readonly originals = new Map<string, string>(); // interaction token -> message id
  private readonly members = new Map<string, DoubleMember>(); // `${guildId}:${userId}`
  private readonly channels = new Map<string, Channel>();
  private socket: WebSocket | undefined;
  private sessionId = '';
  private seq = 0;
  private backlog: string[] = [];
  private resumeMark = 0;

  private constructor(options: DiscordDoubleOptions) {
    this.options = options;
    this.bot = options.bot ?? { id: '1300000000000000001', username: 'nexus-double' };
    const general = { id: DEFAULT_CHANNEL_ID, name: 'general' };
    this.guilds = options.guilds ?? [{ id: DEFAULT_GUILD_ID, channels: [general] }];
    for (const g of this.guilds) {
      (g.channels ?? [{ id: snowflake(), name: 'general' }]).forEach((c, position) => {
        const type = c.type ?? ChannelType.GuildText;
        const extra = { position, permission_overwrites: [], parent_id: null, nsfw: false };
        this.channels.set(c.id, { id: c.id, name: c.name, type, guild_id: g.id, ...extra });
      });
      for (const m of [{ ...this.bot, bot: true, roles: [snowflake()] }, ...(g.members ?? [])]) {
        this.members.set(`${g.id}:${m.id}`, m);
      }
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
    const channel = { ...(this.channels.get(channelId) ?? dm), permissions };
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
      app_permissions: String(this.appPermissions),
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

  async close(): Promise<void> {
    for (const fail of this.pending) fail(new Error('DiscordDouble closed while waiting'));
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private get appPermissions(): bigint {
    return this.options.appPermissions ?? MEMBER_PERMISSIONS | P.ManageMessages | P.ManageRoles;
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
    const wait = this.globalLimitWait(rec.at);
    const fault = wait === undefined ? this.faults.find((f) => f.match(rec)) : undefined;
    if (fault && --fault.left === 0) this.faults.splice(this.faults.indexOf(fault), 1);
    const reply =
      wait !== undefined
        ? faultReply({ status: 429, retryAfter: wait, global: true })
        : fault
          ? faultReply(fault.fault)
          : this.route(rec);
    rec.status = reply.status;
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
    res.writeHead(reply.status, { ...type, ...reply.headers });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  /** Seconds until the global window has room, or undefined when this request fits in it. */
  private globalLimitWait(now: number): number | undefined {
    const limit = this.options.requestsPerSecond;
    if (limit === undefined) return undefined;
    while ((this.window[0] ?? now) <= now - 1000) this.window.shift();
    if (this.window.length >= limit) {
      this.rateLimited += 1;
      return Math.max(0.001, ((this.window[0] ?? now) + 1000 - now) / 1000);
    }
    this.window.push(now);
    return undefined;
  }

  private route(rec: RecordedRequest): Reply {
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
      'GET|PATCH|DELETE /channels/:channelId/messages/:id': ([, id]) =>
        this.messageOp(rec.method, id, body),
      'GET /channels/:id': ([id]) =>
        this.channels.has(id)
          ? ok(this.channels.get(id))
          : discordError(404, 10003, 'Unknown Channel'),
      'GET /guilds/:guildId/members/:userId': ([guildId, userId]) => {
        const member = this.members.get(`${guildId}:${userId}`);
        return member ? ok(apiMember(member)) : discordError(404, 10007, 'Unknown Member');
      },
      'PUT /applications/:appId/commands': () => this.putCommands(rec.body),
      'PUT /applications/:appId/guilds/:guildId/commands': ([, guildId]) =>
        this.putCommands(rec.body, guildId),
    };
    const path = rec.path.startsWith('/api/v10/') ? rec.path.slice('/api/v10'.length) : '';
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

  private channelMessage(channelId: string, body: Json): Reply {
    if (!this.channels.has(channelId)) return discordError(404, 10003, 'Unknown Channel');
    const nonce =
      body.enforce_nonce === true && body.nonce != null ? String(body.nonce) : undefined;
    const earlier = nonce === undefined ? undefined : this.nonces.get(`${channelId}:${nonce}`);
    if (earlier) return ok(earlier);
    const message = this.createMessage(channelId, body);
    this.messages.push(message);
    if (nonce !== undefined) this.nonces.set(`${channelId}:${nonce}`, message);
    return ok(message);
  }

  private messageOp(method: string, id: string | undefined, body: Json): Reply {
    const message = id === undefined ? undefined : this.store.get(id);
    if (!message) return discordError(404, 10008, 'Unknown Message');
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
    const message = {
      ...structuredClone(MESSAGE_DEFAULTS),
      id: snowflake(),
      channel_id: channelId,
      guild_id: this.channels.get(channelId)?.guild_id,
      author: this.botUser,
      timestamp: new Date().toISOString(),
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

  private identify(ws: WebSocket): void {
    // A new session: sequence numbers restart and nothing from the old one is delivered.
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
    for (const g of this.guilds) {
      const members = this.guildMembers(g.id);
      const botRole = members.find((m) => m.id === this.bot.id)?.roles?.[0] ?? snowflake();
      const everyone = apiRole(g.id, '@everyone', MEMBER_PERMISSIONS, false);
      this.dispatch(Events.GuildCreate, {
        ...GUILD_DEFAULTS,
        id: g.id,
        name: g.name ?? 'Nexus Test Guild',
        owner_id: OWNER_ID,
        unavailable: false,
        roles: [everyone, apiRole(botRole, this.bot.username, this.appPermissions, true)],
        channels: [...this.channels.values()].filter((c) => c.guild_id === g.id),
        members: members.map(apiMember),
        member_count: members.length,
        joined_at: JOINED_AT,
      });
    }
  }
}

export const startDiscordDouble = (options?: DiscordDoubleOptions): Promise<DiscordDouble> =>
  DiscordDouble.start(options);

// Builders for `dispatchInteraction`, in the API's own snake_case, nested shape.
export const slashCommand = (
  name: string,
  options: APIApplicationCommandInteractionDataOption[] = [],
  { resolved, ...opts }: Opts & { resolved?: Json } = {},
): InteractionInput => {
  const data = { id: snowflake(), name, type: ApplicationCommandType.ChatInput, options, resolved };
  return { ...opts, type: InteractionType.ApplicationCommand, data };
};
/** Mark the option being typed with `focused: true`. */
export const autocomplete = (
  name: string,
  options: APIApplicationCommandInteractionDataOption[],
  opts: Opts = {},
): InteractionInput => ({
  ...slashCommand(name, options, opts),
  type: InteractionType.ApplicationCommandAutocomplete,
});
export const buttonPress = (
  customId: string,
  message?: Json,
  opts: Opts = {},
): InteractionInput => ({
  ...opts,
  ...(message && { message }),
  type: InteractionType.MessageComponent,
  data: { custom_id: customId, component_type: ComponentType.Button },
});
export const modalSubmit = (
  customId: string,
  fields: Record<string, string>,
  opts: Opts = {},
): InteractionInput => {
  const row = ([id, value]: [string, string]) => ({
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.TextInput, custom_id: id, value }],
  });
  return {
    ...opts,
    type: InteractionType.ModalSubmit,
    data: { custom_id: customId, components: Object.entries(fields).map(row) },
  };
};
