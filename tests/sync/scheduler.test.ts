import { describe, expect, it } from 'vitest';
import { PostError } from '../../src/sync/poster.js';
import { recordRun, recoverOutbox, runSlot } from '../../src/sync/run.js';
import { describeSchedule, nextSlots } from '../../src/sync/schedule.js';
import { tick } from '../../src/sync/scheduler.js';
import { updateSettings } from '../../src/sync/settings.js';
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
      'New pairs this week:',
      expect.stringContaining('time for your weekly sync-up on **ALX Travel App**'),
    ]);
    expect(new Set(posts.map((p) => p.nonce)).size).toBe(3);
    for (const post of posts) expect(post.nonce.length).toBeLessThanOrEqual(25);
  });

  it('limits every mention to the members a message names', async () => {
    const { db } = await preparedDb();
    const { poster, posts } = recordingPoster();
    await scheduledServer(db, guild, at('2026-11-20T12:00:00Z'));
    await tick(await syncDeps(db, poster), at('2026-11-23T09:00:00Z'));
    const [prompt, pairs, ping] = posts.map((p) => p.message);
    expect(prompt?.mentions ?? []).toEqual([]);
    expect(pairs?.mentions).toEqual(['1300000000000000101', '1300000000000000102']);
    expect(ping?.mentions).toEqual(['1300000000000000101', '1300000000000000102']);
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
  it('resends a recorded, unsent message within 5 minutes with the same nonce, and marks older ones unknown', async () => {
    const { db } = await preparedDb();
    const recorder = recordingPoster();
    const deps = await syncDeps(db, recorder.poster);
    await scheduledServer(db, guild, at('2026-11-20T00:00:00Z'));
    // Recorded, then the process died before sending anything.
    const runId = await recordRun(
      deps,
      guild,
      at('2026-11-23T09:00:00Z'),
      'scheduled',
      at('2026-11-23T09:00:00Z'),
    );
    const nonces = (
      await db
        .selectFrom('sync_outbox')
        .select('nonce')
        .where('run_id', '=', runId ?? 0)
        .orderBy('id')
        .execute()
    ).map((r) => r.nonce);
    expect(await recoverOutbox(deps, at('2026-11-23T09:04:00Z'))).toEqual({
      resent: 3,
      unknown: 0,
    });
    expect(recorder.posts.map((p) => p.nonce)).toEqual(nonces);
    expect(await recoverOutbox(deps, at('2026-11-23T09:05:00Z'))).toEqual({
      resent: 0,
      unknown: 0,
    });

    const later = await recordRun(
      deps,
      guild,
      at('2026-11-30T09:00:00Z'),
      'scheduled',
      at('2026-11-30T09:00:00Z'),
    );
    expect(
      await recoverOutbox(deps, new Date(Date.parse('2026-11-30T09:00:00Z') + minutes(10))),
    ).toEqual({ resent: 0, unknown: 2 });
    expect(recorder.posts).toHaveLength(3);
    expect(
      await db
        .selectFrom('sync_runs')
        .select(['status', 'reason'])
        .where('id', '=', later ?? 0)
        .executeTakeFirst(),
    ).toEqual({
      status: 'unknown',
      reason: 'The bot stopped while posting; some messages may not have been sent.',
    });
    expect(deps.logged.filter((l) => String(l.msg).includes('unknown state'))).toHaveLength(2);
    // A slot already recorded never runs again.
    expect(
      await runSlot(
        deps,
        guild,
        at('2026-11-30T09:00:00Z'),
        'scheduled',
        at('2026-11-30T09:20:00Z'),
      ),
    ).toBeUndefined();
  });
});
