import { once } from 'node:events';
import { REST } from '@discordjs/rest';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import {
  type APIMessage,
  type APIThreadChannel,
  ChannelType,
  PermissionFlagsBits as P,
  Routes,
} from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { restPoster } from '../../src/discord/rest-poster.js';
import {
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  type DiscordDouble,
  type DiscordDoubleOptions,
  startDiscordDouble,
  THREAD_MEMBER_CAP,
} from '../support/discord-double.js';

let double: DiscordDouble | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.destroy();
  await double?.close();
  client = undefined;
  double = undefined;
});

async function open(options: DiscordDoubleOptions = {}) {
  double = await startDiscordDouble({ guildDelayMs: 20, ...options });
  const rest = new REST({ api: double.apiBase }).setToken('test-token');
  return { double, rest };
}

const messagePosts = (d: DiscordDouble, channelId: string) =>
  d.requests.filter(
    (r) => r.method === 'POST' && r.path.endsWith(`/channels/${channelId}/messages`),
  );

/** The error Discord answered a REST call with (by name: @discordjs/rest has two such classes). */
async function refusal(call: Promise<unknown>): Promise<{ status: number; code: unknown }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error) || !error.name.startsWith('DiscordAPIError'))
    throw new Error(`expected a Discord error, got ${error}`);
  const { status, code } = error as Error & { status: number; code: unknown };
  return { status, code };
}

describe('servers stream in after READY', () => {
  it('lists servers as unavailable in READY and sends them after login() has resolved', async () => {
    const { double } = await open({ guildDelayMs: 100 });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: double.apiBase } });
    const ready = once(client, Events.ClientReady);
    await client.login('test-token');

    expect(client.guilds.cache.get(DEFAULT_GUILD_ID)?.available).toBe(false);
    expect(client.channels.cache.size).toBe(0);
    await ready;
    expect(client.guilds.cache.get(DEFAULT_GUILD_ID)?.available).toBe(true);
    expect(client.channels.cache.has(DEFAULT_CHANNEL_ID)).toBe(true);
  });

  it('takes a server away and back, and sends channel events', async () => {
    const { double } = await open();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: double.apiBase } });
    await Promise.all([once(client, Events.ClientReady), client.login('test-token')]);
    const guild = () => client?.guilds.cache.get(DEFAULT_GUILD_ID);

    const gone = once(client, Events.GuildUnavailable);
    double.guildOutage(DEFAULT_GUILD_ID);
    await gone;
    expect(guild()?.available).toBe(false);
    const back = once(client, Events.GuildAvailable);
    double.guildBack(DEFAULT_GUILD_ID);
    await back;

    const created = once(client, Events.ChannelCreate);
    const id = double.createChannel(DEFAULT_GUILD_ID, { name: 'new-channel' });
    await created;
    const renamed = once(client, Events.ChannelUpdate);
    double.updateChannel(id, { name: 'renamed' });
    await renamed;
    expect(guild()?.channels.cache.get(id)?.name).toBe('renamed');
    const deleted = once(client, Events.ChannelDelete);
    double.deleteChannel(id);
    await deleted;
    expect(guild()?.channels.cache.has(id)).toBe(false);
  });
});

describe('rate limits like Discord', () => {
  it('paces a burst of 30 sends to one channel by its headers: none lost, none doubled, no 429', async () => {
    const { double, rest } = await open({ pace: { windowMs: 40 } });
    const poster = restPoster(rest);
    const sent = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        poster.post(DEFAULT_CHANNEL_ID, { content: `m${i}` }, `n${i}`),
      ),
    );

    expect(new Set(sent.map((s) => s.id)).size).toBe(30);
    expect(
      double
        .messagesIn(DEFAULT_CHANNEL_ID)
        .map((m) => m.content)
        .sort(),
    ).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`).sort());
    expect(messagePosts(double, DEFAULT_CHANNEL_ID).map((r) => r.status)).toEqual(
      Array(30).fill(200),
    );
    expect(double.limits.limited).toEqual({ bucket: 0, global: 0 });
  });

  it('answers a client that ignores the headers with 429 and retry_after', async () => {
    const { double } = await open({ pace: { windowMs: 60_000 } });
    const send = (i: number) =>
      fetch(`${double.apiBase}/v10${Routes.channelMessages(DEFAULT_CHANNEL_ID)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: `m${i}` }),
      });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await send(i));

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual([
      '4',
      '3',
      '2',
      '1',
      '0',
      '0',
    ]);
    const limited = (await answers[5]?.json()) as { retry_after: number; global: boolean };
    expect(limited.global).toBe(false);
    expect(limited.retry_after).toBeGreaterThan(0);
    expect(double.limits.limited.bucket).toBe(1);
  });

  it('retries a 429 answered anyway after retry_after, and posts the message once', async () => {
    const { double, rest } = await open();
    double.failNext({ pathIncludes: '/messages' }, { status: 429, retryAfter: 0.05 });
    await restPoster(rest).post(DEFAULT_CHANNEL_ID, { content: 'once' }, 'n-429');

    expect(messagePosts(double, DEFAULT_CHANNEL_ID).map((r) => r.status)).toEqual([429, 200]);
    expect(double.messagesIn(DEFAULT_CHANNEL_ID)).toHaveLength(1);
  });

  it('counts requests toward the global limit, but not interaction callbacks or follow-ups', async () => {
    const { double } = await open({ pace: { globalPerSecond: 3 } });
    const callback = (i: number) =>
      fetch(`${double.apiBase}/v10/interactions/${i}/token/callback`, { method: 'POST' });
    const webhook = `${double.apiBase}/v10/webhooks/1300000000000000001/token`;
    for (let i = 0; i < 5; i++) await callback(i);
    for (let i = 0; i < 5; i++) await fetch(webhook, { method: 'POST' });
    expect(double.limits.limited.global).toBe(0);

    const gets = [];
    for (let i = 0; i < 4; i++) gets.push((await fetch(`${double.apiBase}/v10/users/@me`)).status);
    expect(gets).toEqual([200, 200, 200, 429]);
    expect(double.limits.limited.global).toBe(1);
  });
});

describe('threads', () => {
  it('starts a thread from a message once: its id is the message id, a second start is 160004', async () => {
    const { double, rest } = await open();
    const message = (await rest.post(Routes.channelMessages(DEFAULT_CHANNEL_ID), {
      body: { content: 'Weekly sync-up' },
    })) as APIMessage;
    const thread = (await rest.post(Routes.threads(DEFAULT_CHANNEL_ID, message.id), {
      body: { name: 'Sync-up · 2026-W49', auto_archive_duration: 10080 },
    })) as APIThreadChannel;

    expect(thread).toMatchObject({
      id: message.id,
      type: ChannelType.PublicThread,
      parent_id: DEFAULT_CHANNEL_ID,
      name: 'Sync-up · 2026-W49',
    });
    expect(thread.thread_metadata?.auto_archive_duration).toBe(10080);
    expect(
      await refusal(
        rest.post(Routes.threads(DEFAULT_CHANNEL_ID, message.id), { body: { name: 'again' } }),
      ),
    ).toEqual({ status: 400, code: 160004 });
    expect(double.threadsOf(DEFAULT_CHANNEL_ID).map((t) => t.id)).toEqual([message.id]);
  });

  it('starts a thread on its own only with a type, as v10 requires', async () => {
    const { double, rest } = await open();
    expect(
      await refusal(rest.post(Routes.threads(DEFAULT_CHANNEL_ID), { body: { name: 'no type' } })),
    ).toEqual({ status: 400, code: 50035 });
    const thread = (await rest.post(Routes.threads(DEFAULT_CHANNEL_ID), {
      body: { name: 'Sync-up · 2026-W49 · part 2', type: ChannelType.PublicThread },
    })) as APIThreadChannel;
    expect(double.channel(thread.id)?.parent_id).toBe(DEFAULT_CHANNEL_ID);
  });

  it('adds mentioned users to a thread up to 1,000 members, and nobody past that', async () => {
    const { double, rest } = await open({ validate: false });
    const thread = (await rest.post(Routes.threads(DEFAULT_CHANNEL_ID), {
      body: { name: 'big', type: ChannelType.PublicThread },
    })) as APIThreadChannel;
    const users = Array.from({ length: 1100 }, (_, i) =>
      String(1_400_000_000_000_000_000n + BigInt(i)),
    );
    for (let k = 0; k < users.length; k += 100) {
      const batch = users.slice(k, k + 100);
      await rest.post(Routes.channelMessages(thread.id), {
        body: {
          content: batch.map((id) => `<@${id}>`).join(' '),
          allowed_mentions: { parse: [], users: batch },
        },
      });
    }

    expect(double.membersOf(thread.id).size).toBe(THREAD_MEMBER_CAP);
    // The bot is the first member, so 999 of the 1,100 got in.
    expect(double.leftOutOfThreads.get(thread.id)).toEqual(users.slice(999));
  });

  it('adds only the mentions allowed_mentions lets through', async () => {
    const { double, rest } = await open();
    const thread = (await rest.post(Routes.threads(DEFAULT_CHANNEL_ID), {
      body: { name: 'quiet', type: ChannelType.PublicThread },
    })) as APIThreadChannel;
    await rest.post(Routes.channelMessages(thread.id), {
      body: {
        content: '<@1400000000000000001> <@1400000000000000002>',
        allowed_mentions: { parse: [], users: ['1400000000000000002'] },
      },
    });
    expect([...double.membersOf(thread.id)].sort()).toEqual(
      [double.bot.id, '1400000000000000002'].sort(),
    );
  });
});

describe('permission errors as Discord answers them', () => {
  it('answers 50001 without View Channel and 50013 without the permission a call needs', async () => {
    const { double, rest } = await open();
    const post = (channelId: string) =>
      refusal(rest.post(Routes.channelMessages(channelId), { body: { content: 'x' } }));
    const thread = (await rest.post(Routes.threads(DEFAULT_CHANNEL_ID), {
      body: { name: 'before', type: ChannelType.PublicThread },
    })) as APIThreadChannel;

    double.denyBot(DEFAULT_CHANNEL_ID, P.SendMessagesInThreads);
    expect(await post(thread.id)).toEqual({ status: 403, code: 50013 });
    double.denyBot(DEFAULT_CHANNEL_ID, P.CreatePublicThreads);
    expect(
      await refusal(
        rest.post(Routes.threads(DEFAULT_CHANNEL_ID), {
          body: { name: 'no', type: ChannelType.PublicThread },
        }),
      ),
    ).toEqual({ status: 403, code: 50013 });
    double.denyBot(DEFAULT_CHANNEL_ID, P.SendMessages);
    expect(await post(DEFAULT_CHANNEL_ID)).toEqual({ status: 403, code: 50013 });
    double.denyBot(DEFAULT_CHANNEL_ID, P.ViewChannel);
    expect(await post(DEFAULT_CHANNEL_ID)).toEqual({ status: 403, code: 50001 });

    double.deleteChannel(DEFAULT_CHANNEL_ID);
    expect(await post(DEFAULT_CHANNEL_ID)).toEqual({ status: 404, code: 10003 });
    expect(await post(thread.id)).toEqual({ status: 404, code: 10003 });
  });

  it('answers with no history without Read Message History', async () => {
    const { double, rest } = await open();
    await rest.post(Routes.channelMessages(DEFAULT_CHANNEL_ID), { body: { content: 'kept' } });
    const history = () =>
      rest.get(Routes.channelMessages(DEFAULT_CHANNEL_ID)) as Promise<APIMessage[]>;
    expect((await history()).map((m) => m.content)).toEqual(['kept']);
    double.denyBot(DEFAULT_CHANNEL_ID, P.ReadMessageHistory);
    expect(await history()).toEqual([]);
  });
});
