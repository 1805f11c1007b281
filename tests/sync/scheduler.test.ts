import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../src/interaction/message.js';
import { PostError } from '../../src/sync/poster.js';
import { recordRun, runSlot } from '../../src/sync/run.js';
import { describeSchedule, nextSlots } from '../../src/sync/schedule.js';
import { startScheduler, stopWithinMs, tick } from '../../src/sync/scheduler.js';
import { recoverOutbox } from '../../src/sync/send.js';
import { ensureSettings, updateSettings } from '../../src/sync/settings.js';
import { preparedDb } from '../support/db.js';
import { recordingPoster, scheduledServer, syncDeps } from '../support/sync.js';

const guild = '1300000000000000010';
const at = (iso: string) => new Date(iso);
const minutes = (n: number) => n * 60 * 1000;

async function runs(db: Awaited<ReturnType<typeof preparedDb>>['db']) {
  return db
    .selectFrom('sync_runs')
    .select(['slot', 'kind', 'status', 'reason'])
    .orderBy('slot')
    .execute();
}

describe('weekly sync-up schedule', () => {
  it('fires a slot once, however often the scheduler looks', async () => {
    const { db } = await preparedDb();
    const { poster, posts } = recordingPoster();
    const deps = await syncDeps(db, poster);
    await scheduledServer(db, guild, at('2026-11-20T12:00:00Z'));
    await tick(deps, at('2026-11-23T08:59:00Z'));
    expect(posts).toHaveLength(0);
    await tick(deps, at('2026-11-23T09:00:00Z'));
    await tick(deps, at('2026-11-23T09:00:30Z'));
    await tick(deps, at('2026-11-23T09:05:00Z'));
    expect(await runs(db)).toEqual([
      { slot: '2026-11-23T09:00:00.000Z', kind: 'scheduled', status: 'posted', reason: null },
    ]);
    expect(posts.map((p) => p.message.content?.split('\n')[0])).toEqual([
      expect.stringMatching(/^Weekly sync-up: /),
      '**ALX Travel App** · pairs 1–1 of 1',
    ]);
    expect(new Set(posts.map((p) => p.nonce)).size).toBe(2);
    for (const post of posts) expect(post.nonce.length).toBeLessThanOrEqual(25);
  });

  it('limits every mention to the members a message names', async () => {
    const { db } = await preparedDb();
    const { poster, posts } = recordingPoster();
    await scheduledServer(db, guild, at('2026-11-20T12:00:00Z'));
    await tick(await syncDeps(db, poster), at('2026-11-23T09:00:00Z'));
    const [prompt, digest] = posts.map((p) => p.message);
    expect(prompt?.mentions ?? []).toEqual([]);
    expect(digest?.mentions).toEqual(['1300000000000000101', '1300000000000000102']);
  });

  it('runs a slot missed during downtime once, late, within the grace window; records older ones as missed', async () => {
    const { db } = await preparedDb();
    const { poster, posts } = recordingPoster();
    const deps = await syncDeps(db, poster);
    await scheduledServer(db, guild, at('2026-11-01T12:00:00Z'), { graceHours: 6 });
    // Down from before the 16th's slot until 3 h after the 23rd's.
    await tick(deps, at('2026-11-23T12:00:00Z'));
    expect(await runs(db)).toEqual([
      {
        slot: '2026-11-02T09:00:00.000Z',
        kind: 'missed',
        status: 'missed',
        reason: 'Nexus was offline past the grace window',
      },
      {
        slot: '2026-11-09T09:00:00.000Z',
        kind: 'missed',
        status: 'missed',
        reason: 'Nexus was offline past the grace window',
      },
      {
        slot: '2026-11-16T09:00:00.000Z',
        kind: 'missed',
        status: 'missed',
        reason: 'Nexus was offline past the grace window',
      },
      { slot: '2026-11-23T09:00:00.000Z', kind: 'late', status: 'posted', reason: null },
    ]);
    expect(posts[0]?.message.content).toContain('(Late: this sync-up was due');
    // Past the window: recorded as missed, nothing posted.
    await tick(deps, at('2026-11-30T16:00:00Z'));
    expect((await runs(db)).at(-1)).toMatchObject({
      slot: '2026-11-30T09:00:00.000Z',
      status: 'missed',
    });
    expect(posts.filter((p) => p.message.content?.startsWith('Weekly sync-up'))).toHaveLength(1);
    expect(deps.logged.some((line) => line.msg === 'sync-up slot missed')).toBe(true);
  });

  it('never posts a late sync-up for a slot before the schedule existed or changed', async () => {
    const { db } = await preparedDb();
    const { poster, posts } = recordingPoster();
    const deps = await syncDeps(db, poster);
    await scheduledServer(db, guild, at('2026-11-23T09:30:00Z'));
    await tick(deps, at('2026-11-23T10:00:00Z'));
    expect(posts).toHaveLength(0);
    // Changed to daily 10:00 at 10:30: today's 10:00 slot predates the change.
    await updateSettings(db, guild, { cron: '0 10 * * *' }, at('2026-11-23T10:30:00Z'));
    await tick(deps, at('2026-11-23T10:31:00Z'));
    expect(posts).toHaveLength(0);
    await tick(deps, at('2026-11-24T10:00:00Z'));
    expect(await runs(db)).toEqual([
      { slot: '2026-11-24T10:00:00.000Z', kind: 'scheduled', status: 'posted', reason: null },
    ]);
  });

  it('fires at 09:00 local time on both sides of a daylight-saving change', async () => {
    const { db } = await preparedDb();
    const { poster } = recordingPoster();
    const deps = await syncDeps(db, poster);
    await scheduledServer(db, guild, at('2026-03-20T00:00:00Z'), { timezone: 'Europe/London' });
    expect(
      nextSlots('0 9 * * 1', 'Europe/London', at('2026-03-20T00:00:00Z'), 2).map((d) =>
        d.toISOString(),
      ),
    ).toEqual(['2026-03-23T09:00:00.000Z', '2026-03-30T08:00:00.000Z']);
    await tick(deps, at('2026-03-23T09:00:00Z'));
    await tick(deps, at('2026-03-30T07:59:00Z'));
    await tick(deps, at('2026-03-30T08:00:00Z'));
    expect((await runs(db)).map((r) => [r.slot, r.kind])).toEqual([
      ['2026-03-23T09:00:00.000Z', 'scheduled'],
      ['2026-03-30T08:00:00.000Z', 'scheduled'],
    ]);
    expect(describeSchedule('0 9 * * 1', 'Europe/London')).toBe(
      'every Monday at 09:00, Europe/London',
    );
  });

  it('posts nothing while paused, and nothing for the paused weeks after resuming', async () => {
    const { db } = await preparedDb();
    const { poster, posts } = recordingPoster();
    const deps = await syncDeps(db, poster);
    await scheduledServer(db, guild, at('2026-11-20T00:00:00Z'));
    await updateSettings(db, guild, { paused: true }, at('2026-11-21T00:00:00Z'));
    await tick(deps, at('2026-11-23T09:00:00Z'));
    expect(posts).toHaveLength(0);
    await updateSettings(db, guild, { paused: false }, at('2026-11-23T10:00:00Z'));
    await tick(deps, at('2026-11-23T10:01:00Z'));
    expect(posts).toHaveLength(0);
    await tick(deps, at('2026-11-30T09:00:00Z'));
    expect((await runs(db)).map((r) => r.slot)).toEqual(['2026-11-30T09:00:00.000Z']);
  });

  it('marks the run failed with the reason when the channel refuses, without retrying in a loop', async () => {
    const { db } = await preparedDb();
    const recorder = recordingPoster();
    const deps = await syncDeps(db, recorder.poster);
    await scheduledServer(db, guild, at('2026-11-20T00:00:00Z'));
    recorder.failWith(new PostError('Missing Access (50001)', true));
    await tick(deps, at('2026-11-23T09:00:00Z'));
    await tick(deps, at('2026-11-23T09:01:00Z'));
    expect(await runs(db)).toEqual([
      {
        slot: '2026-11-23T09:00:00.000Z',
        kind: 'scheduled',
        status: 'failed',
        reason: 'Missing Access (50001)',
      },
    ]);
    const outbox = await db.selectFrom('sync_outbox').select(['status', 'error']).execute();
    expect(outbox.every((row) => row.status === 'failed')).toBe(true);
  });
});

describe('exactly once across restarts', () => {
  const none = { posted: 0, found: 0, failed: 0, unknown: 0 };
  const slot = at('2026-11-23T09:00:00Z');

  async function recorded() {
    const { db } = await preparedDb();
    const recorder = recordingPoster();
    const deps = await syncDeps(db, recorder.poster);
    await scheduledServer(db, guild, at('2026-11-20T00:00:00Z'));
    // Recorded, then the process died before sending anything.
    const runId = (await recordRun(deps, guild, slot, 'scheduled', slot)) ?? 0;
    const outbox = () =>
      db
        .selectFrom('sync_outbox')
        .select(['nonce', 'status', 'payload', 'thread_part', 'channel_id'])
        .where('run_id', '=', runId)
        .orderBy('id')
        .execute();
    return { db, recorder, deps, runId, outbox };
  }

  it('resends recorded, unsent messages within 5 minutes with the same nonces, once', async () => {
    const { recorder, deps, outbox } = await recorded();
    const nonces = (await outbox()).map((r) => r.nonce);

    expect(await recoverOutbox(deps, at('2026-11-23T09:04:00Z'))).toEqual({ ...none, posted: 2 });
    expect(recorder.posts.map((p) => p.nonce)).toEqual(nonces);
    expect(await recoverOutbox(deps, at('2026-11-23T09:05:00Z'))).toEqual(none);
    // A slot already recorded never runs again.
    expect(
      await runSlot(deps, guild, slot, 'scheduled', at('2026-11-23T09:20:00Z')),
    ).toBeUndefined();
  });

  it('past the nonce window, posts only what it cannot find already posted', async () => {
    const { db, recorder, deps, runId, outbox } = await recorded();
    // The prompt reached Discord; the process died before recording that.
    const [prompt] = await outbox();
    await recorder.poster.post(prompt?.channel_id ?? '', JSON.parse(prompt?.payload ?? '{}'), 'x');

    const later = new Date(slot.getTime() + minutes(10));
    expect(await recoverOutbox(deps, later)).toEqual({ ...none, posted: 1, found: 1 });
    expect(recorder.posts.map((p) => p.message.content?.split('\n')[0])).toEqual([
      expect.stringMatching(/^Weekly sync-up/),
      '**ALX Travel App** · pairs 1–1 of 1',
    ]);
    expect((await outbox()).map((r) => r.status)).toEqual(['sent', 'sent']);
    const run = await db
      .selectFrom('sync_runs')
      .select('status')
      .where('id', '=', runId)
      .executeTakeFirst();
    expect(run?.status).toBe('posted');
  });

  it('still sends outbox rows queued by the version before digests, in their channel', async () => {
    const { db } = await preparedDb();
    const recorder = recordingPoster();
    const deps = await syncDeps(db, recorder.poster);
    await scheduledServer(db, guild, at('2026-11-20T00:00:00Z'));
    // As the previous version left them: a run whose per-pair ping was recorded, not yet sent.
    const run = await db
      .insertInto('sync_runs')
      .values({
        guild_id: guild,
        slot: slot.toISOString(),
        kind: 'scheduled',
        status: 'sending',
        reason: null,
        created_at: slot.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ping = {
      content: '<@1300000000000000101> and <@1300000000000000102>, time for your weekly sync-up!',
    };
    await db
      .insertInto('sync_outbox')
      .values({
        run_id: run.id,
        guild_id: guild,
        channel_id: '1300000000000000011',
        message_key: 'ping:1',
        payload: JSON.stringify(ping),
        nonce: 'nexus-old-0',
        status: 'pending',
        message_id: null,
        error: null,
        created_at: slot.toISOString(),
        sent_at: null,
      })
      .execute();

    expect(await recoverOutbox(deps, at('2026-11-23T09:02:00Z'))).toEqual({ ...none, posted: 1 });
    expect(recorder.posts).toEqual([
      { id: '1', channelId: '1300000000000000011', message: ping, nonce: 'nexus-old-0' },
    ]);
    expect((await runs(db)).map((r) => r.status)).toEqual(['posted']);
  });

  it('marks a message unknown, not resent, when its channel cannot be read back', async () => {
    const { db, deps, runId } = await recorded();
    const unreadable = {
      ...deps,
      poster: {
        ...deps.poster,
        findPosted: async () => {
          throw new Error('Missing Access (50001)');
        },
      },
    };
    const later = new Date(slot.getTime() + minutes(10));
    expect(await recoverOutbox(unreadable, later)).toEqual({ ...none, unknown: 2 });
    expect(
      await db
        .selectFrom('sync_runs')
        .select(['status', 'reason'])
        .where('id', '=', runId)
        .executeTakeFirst(),
    ).toEqual({
      status: 'unknown',
      reason:
        'The bot stopped while posting and could not read the channel back; some messages may not have been sent.',
    });
    expect(deps.logged.filter((l) => String(l.msg).includes('unknown state'))).toHaveLength(2);
  });
});

describe('the scheduler at cohort size', () => {
  it("runs each server in the background: one server's long run never holds up another's", async () => {
    const { db } = await preparedDb();
    const recorder = recordingPoster();
    const other = '1300000000000000099';
    await scheduledServer(db, guild, at('2026-11-20T00:00:00Z'));
    await ensureSettings(db, other, {
      channelId: '1300000000000000098',
      timezone: 'UTC',
      now: at('2026-11-20T00:00:00Z'),
    });
    // The first server's channel takes its messages only when the test says so.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let otherPosted = () => {};
    const otherDone = new Promise<void>((resolve) => (otherPosted = resolve));
    let allPosted = () => {};
    const allDone = new Promise<void>((resolve) => (allPosted = resolve));
    const poster = {
      ...recorder.poster,
      async post(channelId: string, message: Message, nonce: string) {
        if (channelId === '1300000000000000011') await held;
        const posted = await recorder.poster.post(channelId, message, nonce);
        if (channelId === '1300000000000000098') otherPosted();
        // The other server's prompt, then this one's prompt and digest.
        if (recorder.posts.length === 3) allPosted();
        return posted;
      },
    };
    const stop = await startScheduler(await syncDeps(db, poster), () => at('2026-11-23T09:00:00Z'));

    await otherDone;
    expect(recorder.posts.map((p) => p.channelId)).toEqual(['1300000000000000098']);
    release();
    await allDone;
    await stop();
    expect(recorder.posts.map((p) => p.channelId)).toContain('1300000000000000011');
    expect((await runs(db)).map((r) => r.status)).toEqual(['posted', 'posted']);
  });
});

describe('a scheduler that cannot die', () => {
  // Timers and the clock are the test's; setImmediate stays real, as the round's chunked reads need it.
  const fakeTime = (now: Date) =>
    vi.useFakeTimers({
      now,
      toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('logs a failed read of the schedules with a reference, and posts the next slot', async () => {
    fakeTime(at('2026-11-23T08:58:30Z'));
    const { db } = await preparedDb();
    const recorder = recordingPoster();
    await scheduledServer(db, guild, at('2026-11-23T08:00:00Z'), { cron: '59 8 * * *' });
    // The first read of the schedules meets a disk error; every later one works.
    let failures = 1;
    const flaky = new Proxy(db, {
      get(target, property, receiver) {
        if (property === 'selectFrom') {
          return (table: Parameters<typeof db.selectFrom>[0]) => {
            if (table === 'sync_settings' && failures-- > 0) throw new Error('disk I/O error');
            return target.selectFrom(table);
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    let bothPosted = () => {};
    const posted = new Promise<void>((resolve) => (bothPosted = resolve));
    const poster = {
      ...recorder.poster,
      async post(channelId: string, message: Message, nonce: string) {
        const sent = await recorder.poster.post(channelId, message, nonce);
        if (recorder.posts.length === 2) bothPosted(); // the prompt and the digest
        return sent;
      },
    };
    const deps = await syncDeps(flaky, poster);
    const stop = await startScheduler(deps, () => new Date());
    const failed = deps.logged.find((l) => l.msg === 'sync-up schedules could not be read');
    expect(failed).toMatchObject({ level: 50, ref: expect.stringMatching(/^[0-9A-F]{8}$/) });
    expect(recorder.posts).toEqual([]);

    await vi.advanceTimersByTimeAsync(60_000);
    await posted;
    await stop();
    expect(recorder.posts.map((p) => p.message.content?.split(':')[0])).toContain('Weekly sync-up');
    expect((await runs(db)).map((r) => [r.slot, r.status])).toEqual([
      ['2026-11-23T08:59:00.000Z', 'posted'],
    ]);
  });

  it('stops within its bound while a run is stuck, leaving what is unsent pending', async () => {
    fakeTime(at('2026-11-23T09:00:00Z'));
    const { db } = await preparedDb();
    const recorder = recordingPoster();
    await scheduledServer(db, guild, at('2026-11-20T00:00:00Z'));
    let posting = () => {};
    const inPost = new Promise<void>((resolve) => (posting = resolve));
    const stuck = {
      ...recorder.poster,
      post: () => {
        posting();
        return new Promise<never>(() => {});
      },
    };
    const deps = await syncDeps(db, stuck);
    const stop = await startScheduler(deps, () => new Date());
    await inPost;

    const stopped = stop();
    await vi.advanceTimersByTimeAsync(stopWithinMs);
    await stopped;
    expect(deps.logged.some((l) => String(l.msg).includes('still under way at shutdown'))).toBe(
      true,
    );
    const outbox = await db.selectFrom('sync_outbox').select('status').execute();
    expect(outbox.map((r) => r.status)).toEqual(['pending', 'pending']);
  });
});
