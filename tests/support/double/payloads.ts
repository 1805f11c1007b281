import {
  type APIMessage,
  type APIUser,
  type MessageFlags,
  MessageType,
} from 'discord-api-types/v10';

export type Json = Record<string, unknown>;
/** What the double answers a request with. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

let increment = 0n;
/** Snowflakes carry a real timestamp so discord.js' createdAt and sorting behave. */
export const snowflake = (): string =>
  String(((BigInt(Date.now()) - 1420070400000n) << 22n) | (increment++ % 4096n));

export const JOINED_AT = '2024-01-01T00:00:00.000Z';

// Padding for payload fields discord.js reads but no test cares about.
const fill = (value: unknown, keys: string): Json =>
  Object.fromEntries(keys.split(' ').map((key) => [key, value]));
export const GUILD_DEFAULTS = {
  ...fill(null, 'icon splash banner description system_channel_id afk_channel_id vanity_url_code'),
  ...fill([], 'features presences voice_states emojis stickers guild_scheduled_events'),
  ...fill(0, 'verification_level default_message_notifications explicit_content_filter mfa_level'),
  premium_tier: 0,
  afk_timeout: 300,
  preferred_locale: 'en-US',
  large: false,
};
export const MESSAGE_DEFAULTS: Omit<APIMessage, 'id' | 'channel_id' | 'author' | 'timestamp'> = {
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

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const discordError = (status: number, code: number, message: string): Reply => ({
  status,
  body: { code, message },
});

/** The errors Discord answers with, by the name its documentation gives them. */
export const errors = {
  unknownChannel: () => discordError(404, 10003, 'Unknown Channel'),
  unknownMessage: () => discordError(404, 10008, 'Unknown Message'),
  unknownMember: () => discordError(404, 10007, 'Unknown Member'),
  missingAccess: () => discordError(403, 50001, 'Missing Access'),
  missingPermissions: () => discordError(403, 50013, 'Missing Permissions'),
  threadExists: () =>
    discordError(400, 160004, 'A thread has already been created for this message'),
  invalidForm: (field: string, why: string) => ({
    status: 400,
    body: {
      code: 50035,
      message: 'Invalid Form Body',
      errors: { [field]: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: why }] } },
    },
  }),
};

export const apiUser = (
  { id, username }: { id: string; username: string },
  bot = false,
): APIUser => {
  return { id, username, bot, discriminator: '0', global_name: null, avatar: null };
};
export const apiMember = (m: { id: string; username: string; roles?: string[]; bot?: boolean }) => {
  const memberDefaults = { nick: null, deaf: false, mute: false, flags: 0, pending: false };
  return { user: apiUser(m, m.bot), roles: m.roles ?? [], joined_at: JOINED_AT, ...memberDefaults };
};
export const apiRole = (id: string, name: string, permissions: bigint, managed: boolean) => {
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

/** The message fields a create or an edit sets. */
export const messageFields = (body: Json): Json =>
  Object.fromEntries(
    ['content', 'embeds', 'components', 'flags'].flatMap((k) => (k in body ? [[k, body[k]]] : [])),
  );

/**
 * The users a message mentions, as Discord works them out: `<@id>` in the content, kept only
 * where `allowed_mentions` lets them through (every one when the body sets no `allowed_mentions`).
 */
export function mentionedUsers(body: Json): string[] {
  const content = typeof body.content === 'string' ? body.content : '';
  const named = [...content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1] as string);
  const allowed = body.allowed_mentions as { parse?: string[]; users?: string[] } | undefined;
  const permitted = (id: string) =>
    !allowed || (allowed.parse ?? []).includes('users') || (allowed.users ?? []).includes(id);
  return [...new Set(named.filter(permitted))];
}
