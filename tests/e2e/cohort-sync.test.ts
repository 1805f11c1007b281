import {
  type APIMessage,
  ApplicationCommandOptionType as OptionType,
  PermissionFlagsBits as P,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/schema.js';
import { clientPoster } from '../../src/discord/rest-poster.js';
import { insertPair } from '../../src/pairing/pairs.js';
import { joinProject } from '../../src/pairing/projects.js';
import type { Poster } from '../../src/sync/poster.js';
import { recordRun } from '../../src/sync/run.js';
import { recoverOutbox, sendRun } from '../../src/sync/send.js';
import { botPerTest, newMember, type RunningBot, textOfCallback } from '../support/bot.js';
import {
  buttonPress,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  type DiscordDoubleOptions,
  slashCommand,
} from '../support/discord-double.js';
import { syncDeps } from '../support/sync.js';

const start = botPerTest();
const nexus = '1300000000000000012';
const server = (extra: DiscordDoubleOptions = {}): DiscordDoubleOptions => ({
  guilds: [
    {
      id: DEFAULT_GUILD_ID,
      channels: [
        { id: DEFAULT_CHANNEL_ID, name: 'general' },
        { id: nexus, name: 'prodev-project-nexus' },
      ],
    },
  ],
  ...extra,
});
const admin = newMember('admin', P.ManageGuild);
const dayMs = 24 * 60 * 60 * 1000;
const learnerId = (i: number) => String(1_400_000_000_000_000_000n + BigInt(i));

/** `count` learners on one project, alternating backend and frontend. */
async function cohort(db: Db, count: number, project = 'ALX Travel App', now = new Date()) {
  for (let i = 0; i < count; i++) {
    await joinProject(db, {
      guildId: DEFAULT_GUILD_ID,
      user: { id: learnerId(i), name: `learner${i}` },
      projectName: project,
      role: i % 2 === 0 ? 'backend' : 'frontend',
      defaultTimezone: 'UTC',
      now,
    });
  }
}

/** Pairs learner 2k with 2k+1, formed `daysAgo` days ago, so this week asks them to check in. */
async function pairedSince(db: Db, count: number, daysAgo: number) {
  const then = new Date(Date.now() - daysAgo * dayMs);
  await cohort(db, count, 'ALX Travel App', then);
  for (let i = 0; i < count; i += 2) {
    await insertPair(db, {
      guildId: DEFAULT_GUILD_ID,
      projectSlug: 'alx-travel-app',
      backendId: learnerId(i),
      frontendId: learnerId(i + 1),
      origin: 'round',
      now: then,
    });
  }
}

async function runNow(running: RunningBot) {
  const { body } = await running.interact(
    slashCommand('sync', [{ type: OptionType.Subcommand, name: 'run-now' }], { member: admin }),
  );
  return textOfCallback(body);
}

/** Every message body the bot posted, in the channel and its threads. */
const postedBodies = (running: RunningBot) =>
  running.double.requests
    .filter((r) => r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path))
    .map((r) => r.body as { content: string; allowed_mentions: { users: string[] } });

/** The digests in the run's first thread. */
const threadDigests = (running: RunningBot) => {
  const [thread] = running.double.threadsOf(nexus);
  return running.double.messagesIn(thread?.id ?? '');
};

const mentionsIn = (messages: APIMessage[]) =>
  messages.flatMap((m) => [...m.content.matchAll(/<@(\d+)>/g)].map((match) => match[1]));

describe('sync-ups at cohort size, through the real client', () => {
  it('posts 300 new pairs as digests in a thread: valid bodies, everyone mentioned once', async () => {
    const running = await start({ double: server() });
    await running.logs.waitFor((l) => l.msg === 'sync-up channel adopted');
    await cohort(running.db, 600);

    expect(await runNow(running)).toBe(
      `Posted the sync-up in <#${nexus}>: 11 messages, the pairs in 1 thread.`,
    );
    const bodies = postedBodies(running);
    for (const body of bodies) {
      expect(body.content.length).toBeLessThanOrEqual(2000);
      expect(body.allowed_mentions.users.length).toBeLessThanOrEqual(100);
      expect(body.content).not.toContain('…');
    }
    const [thread] = running.double.threadsOf(nexus);
    expect(running.double.messagesIn(nexus).map((m) => m.content.split(':')[0])).toEqual([
      'Weekly sync-up',
    ]);
    const digests = running.double.messagesIn(thread?.id ?? '');
    expect(digests).toHaveLength(10);
    const mentioned = mentionsIn(digests);
    expect(mentioned).toHaveLength(600);
    expect(new Set(mentioned).size).toBe(600);
    expect(running.double.membersOf(thread?.id ?? '').size).toBe(601);
    expect(running.double.messagesIn(nexus)[0]?.content).toContain(
      'This week: 300 pairs, 300 new.',
    );
  });

  it('starts a second thread past 900 learners, so no thread reaches 1,000 members', async () => {
    const running = await start({ double: server({ validate: false }) });
    await running.logs.waitFor((l) => l.msg === 'sync-up channel adopted');
    await cohort(running.db, 1000);

    expect(await runNow(running)).toContain('the pairs in 2 threads');
    const threads = running.double.threadsOf(nexus);
    expect(threads.map((t) => t.name)).toEqual([
      expect.stringMatching(/^Sync-up · \d{4}-W\d{2}$/),
      expect.stringMatching(/^Sync-up · \d{4}-W\d{2} · part 2$/),
    ]);
    expect(threads.map((t) => running.double.membersOf(t.id).size)).toEqual([901, 101]);
    expect(running.double.leftOutOfThreads.size).toBe(0);
  });

  it('puts the digests in the channel, and says why, where it may not start threads', async () => {
    const running = await start({ double: server() });
    await running.logs.waitFor((l) => l.msg === 'sync-up channel adopted');
    await cohort(running.db, 4);
    running.double.denyBot(nexus, P.CreatePublicThreads);

    expect(await runNow(running)).toContain(
      'the pairs went in the channel itself, as Nexus may not start threads there (Missing Permissions (50013): Nexus lacks Create Public Threads',
    );
    expect(running.double.messagesIn(nexus)).toHaveLength(2);
    const { body } = await running.interact(
      slashCommand('sync', [{ type: OptionType.Subcommand, name: 'show' }], { member: admin }),
    );
    expect(JSON.stringify(body)).toContain(
      `the pairs go in the channel itself: Nexus lacks Create Public Threads in <#${nexus}>`,
    );
  });
});

describe('a run that cannot use its threads', () => {
  it('tries one digest in a thread it may not post in, names the permission, and fails the rest untried', async () => {
    const running = await start({ double: server() });
    await running.logs.waitFor((l) => l.msg === 'sync-up channel adopted');
    await cohort(running.db, 124);
    running.double.denyBot(nexus, P.SendMessagesInThreads);

    const answer = await runNow(running);
    expect(answer).toContain(
      'The sync-up failed: Missing Permissions (50013): Nexus lacks Send Messages in Threads',
    );
    const [thread] = running.double.threadsOf(nexus);
    const intoThread = running.double.requests.filter((r) =>
      r.path.endsWith(`/channels/${thread?.id}/messages`),
    );
    expect(intoThread.map((r) => r.status)).toEqual([403]);
    const outbox = await running.db
      .selectFrom('sync_outbox')
      .select('status')
      .orderBy('id')
      .execute();
    expect(outbox.map((r) => r.status)).toEqual(['sent', 'failed', 'failed', 'failed']);
  });

  it('fails the digests of a thread Discord would not start, with the reason', async () => {
    const running = await start({ double: server() });
    await running.logs.waitFor((l) => l.msg === 'sync-up channel adopted');
    await cohort(running.db, 4);
    running.double.failNext({ pathIncludes: '/threads' }, { status: 500, times: 10 });

    expect(await runNow(running)).toMatch(
      /^The sync-up failed: Thread "Sync-up · \d{4}-W\d{2}" not started: Internal Server Error\. 1 message was posted\.$/,
    );
    expect(running.double.threadsOf(nexus)).toEqual([]);
    expect(running.logs.lines.some((l) => l.msg === 'sync-up thread not started')).toBe(true);
  });
});

describe('a run that crashed between two digests', () => {
  /**
   * Records a run for 90 pairs (prompt and 3 digests) and sends it through a poster that dies
   * after the second digest reached Discord, before the bot could record it: the process died.
   */
  async function crashMidRun(running: RunningBot) {
    await pairedSince(running.db, 180, 8);
    const real = clientPoster(running.client);
    const deps = await syncDeps(running.db, real);
    const now = new Date();
    const runId = (await recordRun(deps, DEFAULT_GUILD_ID, now, 'manual', now)) ?? 0;
    let digests = 0;
    const dying: Poster = {
      ...real,
      async post(channelId, message, nonce) {
        const posted = await real.post(channelId, message, nonce);
        if (message.content?.startsWith('**') && ++digests === 2) return new Promise(() => {});
        return posted;
      },
    };
    void sendRun({ ...deps, poster: dying }, runId, now);
    await running.double.waitForRequest(
      (r) =>
        r.method === 'POST' &&
        (r.body as { nonce?: string })?.nonce === `nexus-${runId.toString(36)}-2`,
    );
    return { deps, runId, now };
  }

  it('resends within the nonce window: Discord returns the digest it already has', async () => {
    const running = await start({ double: server() });
    await running.logs.waitFor((l) => l.msg === 'sync-up channel adopted');
    const { deps, now } = await crashMidRun(running);
    expect(threadDigests(running)).toHaveLength(2);

    await recoverOutbox(deps, new Date(now.getTime() + 2 * 60 * 1000));
    expect(threadDigests(running)).toHaveLength(3);
    expect(new Set(mentionsIn(threadDigests(running))).size).toBe(180);
  });

  it('past the nonce window, finds what was posted and posts only what is missing', async () => {
    // Discord no longer knows the nonces: a blind resend would post the second digest again.
    const running = await start({ double: server({ nonceWindowMs: 0 }) });
    await running.logs.waitFor((l) => l.msg === 'sync-up channel adopted');
    const { deps, now, runId } = await crashMidRun(running);

    const tally = await recoverOutbox(deps, new Date(now.getTime() + 10 * 60 * 1000));
    expect(tally).toEqual({ posted: 1, found: 1, failed: 0, unknown: 0 });
    expect(threadDigests(running)).toHaveLength(3);
    expect(mentionsIn(threadDigests(running))).toHaveLength(180);
    const run = await running.db
      .selectFrom('sync_runs')
      .select('status')
      .where('id', '=', runId)
      .executeTakeFirst();
    expect(run?.status).toBe('posted');
  });
});

describe('check-ins from a digest', () => {
  it("records the clicker's own pair, and an old per-pair button still answers", async () => {
    const running = await start({ double: server() });
    await running.logs.waitFor((l) => l.msg === 'sync-up channel adopted');
    await pairedSince(running.db, 4, 8);
    await runNow(running);
    const [digest] = threadDigests(running);
    const yes = (digest?.components?.[0] as { components: { custom_id: string }[] } | undefined)
      ?.components[0]?.custom_id;
    expect(yes).toMatch(/^sync:checkin:/);

    const backend = { id: learnerId(2), username: 'learner2', permissions: 0n };
    const press = (customId: string) =>
      running.interact(
        buttonPress(customId, digest as unknown as Record<string, unknown>, {
          member: backend,
          channelId: digest?.channel_id,
        }),
      );
    const clicked = await press(yes ?? '');
    expect(textOfCallback(clicked.body)).toContain('noted that you met');
    expect(clicked.body.data?.flags).toBe(64);
    const answers = () =>
      running.db
        .selectFrom('sync_checkins as c')
        .innerJoin('pairs as p', 'p.id', 'c.pair_id')
        .select(['c.user_id', 'p.frontend_id', 'c.answer'])
        .where('c.answer', 'is not', null)
        .execute();
    expect(await answers()).toEqual([
      { user_id: learnerId(2), frontend_id: learnerId(3), answer: 'yes' },
    ]);

    const pair = await running.db
      .selectFrom('pairs')
      .select('id')
      .where('backend_id', '=', learnerId(2))
      .executeTakeFirstOrThrow();
    const week = (yes ?? '').split(':')[2];
    const old = await press(`sync:met:${pair.id}:${week}:no`);
    expect(textOfCallback(old.body)).toContain('Noted.');
    expect((await answers())[0]?.answer).toBe('no');
  });
});
