import { join } from 'node:path';
import {
  type APIMessage,
  ApplicationCommandOptionType as OptionType,
  PermissionFlagsBits as P,
} from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { joinProject } from '../../src/pairing/projects.js';
import { prepareDatabase } from '../../src/setup.js';
import { botPerTest, newMember, type RunningBot } from '../support/bot.js';
import { type CompiledBot, startCompiledBot } from '../support/compiled-bot.js';
import { tempDir } from '../support/db.js';
import {
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  type DiscordDouble,
  type DoubleMember,
  type RecordedRequest,
  slashCommand,
  startDiscordDouble,
} from '../support/discord-double.js';

const start = botPerTest();

const learning = (topic: string, member: DoubleMember) =>
  slashCommand('learning', [{ type: OptionType.String, name: 'topic', value: topic }], { member });

/** Asserts a `/learning docker` by a fresh member gets its Docker embed. */
async function expectServing(running: RunningBot, name: string) {
  const { body } = await running.interact(learning('docker', newMember(name)));
  expect(body.type).toBe(4);
  expect(body.data?.embeds?.[0]?.title).toBe('Docker');
}

const callback = { method: 'POST', pathIncludes: '/callback' };

describe('faults between the bot and Discord', () => {
  it('waits out a 429 on the callback (retry_after 0.1) and still replies', async () => {
    const running = await start();
    running.double.failNext(callback, { status: 429, retryAfter: 0.1 });
    const { id, body } = await running.interact(learning('docker', newMember('limited')));

    expect(body.data?.embeds?.[0]?.title).toBe('Docker');
    const attempts = running.callbacksOf(id);
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[1]?.body).toEqual(attempts[0]?.body);
    expect(running.errors()).toEqual([]);
  });

  it('retries a callback that got one 500 and still replies', async () => {
    const running = await start();
    running.double.failNext(callback, { status: 500 });
    const { id, body } = await running.interact(learning('docker', newMember('unlucky')));

    expect(body.data?.embeds?.[0]?.title).toBe('Docker');
    expect(running.callbacksOf(id).map((r) => r.status)).toEqual([500, 204]);
    expect(running.errors()).toEqual([]);
  });

  it('logs a callback Discord keeps refusing with a reference, and keeps serving', async () => {
    const running = await start();
    const { id } = running.double.dispatchInteraction(learning('docker', newMember('doomed')));
    // Only this interaction's callback fails, however often the REST client retries it.
    running.double.failNext((r) => r.path.includes(`/interactions/${id}/`), {
      status: 500,
      times: 1000,
    });

    const line = await running.logs.waitFor((l) => l.msg === 'could not answer an interaction');
    expect(line).toMatchObject({
      level: 50,
      interactionId: id,
      ref: expect.stringMatching(/^[0-9A-F]{8}$/),
    });
    const attempts = running.callbacksOf(id).map((r) => r.status);
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts.every((status) => status === 500)).toBe(true);

    await expectServing(running, 'after-refusals');
  });

  it('resumes after the socket drops, replays what was missed and answers the next one', async () => {
    const running = await start();
    running.double.dropSocket();
    const missed = running.double.dispatchInteraction(learning('docker', newMember('missed')));
    await running.double.waitForResume();
    const replayed = await running.callbackOf(missed.id, missed.token);

    expect((replayed.body as { data: { embeds: { title: string }[] } }).data.embeds[0]?.title).toBe(
      'Docker',
    );
    expect([running.double.identifyCount, running.double.resumeCount]).toEqual([1, 1]);
    await expectServing(running, 'after-resume');
    expect(running.errors()).toEqual([]);
  });
});

const doubles: DiscordDouble[] = [];
afterEach(async () => {
  for (const double of doubles.splice(0)) await double.close();
});

const nexusChannel = '1300000000000000012';

/** A Discord double with a sync-up channel, and the compiled bot's environment against it. */
async function compiledSetup() {
  const double = await startDiscordDouble({
    guildDelayMs: 25,
    guilds: [
      {
        id: DEFAULT_GUILD_ID,
        channels: [
          { id: DEFAULT_CHANNEL_ID, name: 'general' },
          { id: nexusChannel, name: 'prodev-project-nexus' },
        ],
      },
    ],
  });
  doubles.push(double);
  const env = {
    DATABASE_PATH: join(tempDir(), 'nexus.db'),
    DISCORD_TOKEN: 'test-token',
    DISCORD_API_BASE: double.apiBase,
  };
  /** The production process; resolves once it has joined the server and adopted its channel. */
  const launch = async () => {
    const bot = startCompiledBot(env);
    await bot.stdout.waitForLog((line) => line.msg === 'connected to Discord');
    return bot;
  };
  return { double, env, launch };
}

/** Dispatches an interaction and resolves with the callback the bot POSTs for it. */
async function interact(double: DiscordDouble, input: ReturnType<typeof slashCommand>) {
  const { id, token } = double.dispatchInteraction(input);
  const callback = await double.waitForRequest(
    (r) => r.path.endsWith(`/interactions/${id}/${token}/callback`) && r.status < 300,
  );
  return callback.body as {
    type: number;
    data?: { content?: string; embeds?: { title?: string }[] };
  };
}

/**
 * An application command without its `data`: discord.js' INTERACTION_CREATE action reads
 * `data.data.type` and throws inside the gateway's async message handler, outside any handler of
 * the bot's.
 */
function dispatchMalformedPacket(double: DiscordDouble) {
  double.dispatch('INTERACTION_CREATE', {
    id: '1300000000000009999',
    token: 'malformed',
    type: 2,
    data: null,
    application_id: double.bot.id,
    version: 1,
    guild_id: DEFAULT_GUILD_ID,
    channel_id: DEFAULT_CHANNEL_ID,
  });
}

/** Waits for the process to end on a crash: exit code 1, and the fatal line with its reference. */
async function expectCrash(bot: CompiledBot) {
  expect(await bot.exited).toBe(1);
  const fatal = bot.stdout.jsonLines().find((line) => line.level === 60);
  expect(fatal).toMatchObject({
    msg: 'unhandled rejection; exiting for a restart',
    ref: expect.stringMatching(/^[0-9A-F]{8}$/),
    err: expect.objectContaining({
      type: 'TypeError',
      message: expect.stringContaining('Cannot read properties of null'),
    }),
  });
}

const isChannelPost = (r: RecordedRequest) =>
  r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path);

describe('the crash policy, in the compiled bot', () => {
  it('exits non-zero with the reference logged when a packet makes discord.js throw; a restart serves again', async () => {
    const { double, launch } = await compiledSetup();
    const first = await launch();

    dispatchMalformedPacket(double);
    await expectCrash(first);
    expect(double.requests.some((r) => r.path.includes('/1300000000000009999/'))).toBe(false);

    const second = await launch();
    const answer = await interact(double, learning('docker', newMember('after-restart')));
    expect(answer.data?.embeds?.[0]?.title).toBe('Docker');
    expect(await second.stop()).toBe(0);
    expect(double.validationErrors).toEqual([]);
  });

  it('restarted after a crash in the middle of a sync-up, posts no duplicate and loses no acknowledged write', async () => {
    const { double, env, launch } = await compiledSetup();
    // Four learners waiting for partners, so the sync-up's round pairs them and posts a digest.
    const seeded = await prepareDatabase(env.DATABASE_PATH);
    for (const [i, role] of (['backend', 'frontend', 'backend', 'frontend'] as const).entries()) {
      await joinProject(seeded.db, {
        guildId: DEFAULT_GUILD_ID,
        user: { id: String(1_400_000_000_000_000_000n + BigInt(i)), name: `learner${i}` },
        projectName: 'ALX Travel App',
        role,
        defaultTimezone: 'UTC',
        now: new Date(),
      });
    }
    await seeded.db.destroy();
    const first = await launch();

    // Acknowledged: the member saw the confirmation before the crash.
    const joiner = newMember('joiner');
    const joined = await interact(
      double,
      slashCommand(
        'project',
        [
          {
            type: OptionType.Subcommand,
            name: 'join',
            options: [
              { type: OptionType.String, name: 'name', value: 'ALX Travel App' },
              { type: OptionType.String, name: 'role', value: 'backend' },
            ],
          },
        ],
        { member: joiner },
      ),
    );
    expect(joined.data?.content).toContain('You joined as');

    // The prompt goes out; Discord holds the digest back (429) long enough for the crash.
    const isDigest = (r: RecordedRequest) =>
      isChannelPost(r) && !r.path.includes(`/${nexusChannel}/`);
    double.failNext(isDigest, { status: 429, retryAfter: 60 });
    double.dispatchInteraction(
      slashCommand('sync', [{ type: OptionType.Subcommand, name: 'run-now' }], {
        member: newMember('admin', P.ManageGuild),
      }),
    );
    await double.waitForRequest((r) => isDigest(r) && r.status === 429);
    dispatchMalformedPacket(double);
    await expectCrash(first);

    const second = await launch();
    await double.waitForRequest((r) => isDigest(r) && r.status < 300);
    expect(await second.stop()).toBe(0);

    const [thread] = double.threadsOf(nexusChannel);
    const inChannel = double.messagesIn(nexusChannel);
    const inThread = double.messagesIn(thread?.id ?? '');
    expect(inChannel).toHaveLength(1);
    expect(inThread).toHaveLength(1);
    const mentioned = (messages: APIMessage[]) =>
      messages.flatMap((m) => [...m.content.matchAll(/<@(\d+)>/g)].map((match) => match[1]));
    expect(new Set(mentioned(inThread)).size).toBe(mentioned(inThread).length);
    expect(mentioned(inThread)).toContain(joiner.id);

    const db = openDatabase(env.DATABASE_PATH);
    try {
      const outbox = await db.selectFrom('sync_outbox').select(['status', 'message_id']).execute();
      expect(outbox.map((row) => row.status)).toEqual(['sent', 'sent']);
      expect(outbox.map((row) => row.message_id).sort()).toEqual(
        [inChannel[0]?.id, inThread[0]?.id].sort(),
      );
      const learner = await db
        .selectFrom('learners')
        .select(['role'])
        .where('user_id', '=', joiner.id)
        .executeTakeFirst();
      expect(learner).toEqual({ role: 'backend' });
    } finally {
      await db.destroy();
    }
    expect(double.validationErrors).toEqual([]);
  });
});
