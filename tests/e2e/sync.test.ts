import { REST } from '@discordjs/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restPoster } from '../../src/discord/rest-poster.js';
import { PostError } from '../../src/sync/poster.js';
import { recordRun, runSlot } from '../../src/sync/run.js';
import { recoverOutbox } from '../../src/sync/send.js';
import { getSettings } from '../../src/sync/settings.js';
import { preparedDb } from '../support/db.js';
import {
  DEFAULT_CHANNEL_ID,
  type DiscordDouble,
  startDiscordDouble,
} from '../support/discord-double.js';
import { scheduledServer, syncDeps } from '../support/sync.js';

const guild = '1300000000000000010';
const slot = new Date('2026-11-23T09:00:00Z');

describe('sync-up posts through @discordjs/rest against the Discord double', () => {
  let double: DiscordDouble;
  beforeEach(async () => {
    double = await startDiscordDouble();
  });
  afterEach(async () => {
    await double.close();
  });

  const poster = () => restPoster(new REST({ api: double.apiBase }).setToken('test-token'));
  /** Message posts, in the channel and in its threads. */
  const messagePosts = () =>
    double.requests.filter((r) => r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path));

  it('posts each message with its own nonce and enforce_nonce, mentions limited to the pair', async () => {
    const { db } = await preparedDb();
    await scheduledServer(db, guild, new Date('2026-11-20T00:00:00Z'));
    const report = await runSlot(await syncDeps(db, poster()), guild, slot, 'scheduled', slot);
    expect(report).toMatchObject({ status: 'posted', sent: 2, threads: 1 });
    const bodies = messagePosts().map(
      (r) =>
        r.body as {
          nonce: string;
          enforce_nonce: boolean;
          allowed_mentions: unknown;
          content: string;
        },
    );
    expect(bodies.map((b) => b.enforce_nonce)).toEqual([true, true]);
    expect(new Set(bodies.map((b) => b.nonce)).size).toBe(2);
    expect(bodies[0]?.allowed_mentions).toEqual({ parse: [], users: [] });
    expect(bodies[1]?.allowed_mentions).toEqual({
      parse: [],
      users: ['1300000000000000101', '1300000000000000102'],
    });
    // The digest went in a thread started from the prompt: the thread has the prompt's id.
    const [prompt, digest] = double.messages;
    expect(double.threadsOf(DEFAULT_CHANNEL_ID).map((t) => [t.id, t.name])).toEqual([
      [prompt?.id, 'Sync-up · 2026-W48'],
    ]);
    expect(digest?.channel_id).toBe(prompt?.id);
    expect([...double.membersOf(prompt?.id ?? '')].sort()).toEqual(
      [double.bot.id, '1300000000000000101', '1300000000000000102'].sort(),
    );
    expect(double.validationErrors).toEqual([]);
  });

  it('never double-posts when the process died between sending and marking sent', async () => {
    const { db } = await preparedDb();
    await scheduledServer(db, guild, new Date('2026-11-20T00:00:00Z'));
    const deps = await syncDeps(db, poster());
    const runId = await recordRun(deps, guild, slot, 'scheduled', slot);
    // The first message reached Discord, then the process died before recording that.
    const first = await db
      .selectFrom('sync_outbox')
      .selectAll()
      .where('run_id', '=', runId ?? 0)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await deps.poster.post(first.channel_id, JSON.parse(first.payload), first.nonce);
    expect(double.messages).toHaveLength(1);

    await recoverOutbox(deps, new Date(slot.getTime() + 2 * 60 * 1000));
    expect(messagePosts()).toHaveLength(3);
    expect(double.messages).toHaveLength(2);
    const sent = await db
      .selectFrom('sync_outbox')
      .select(['status', 'message_id'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(sent).toEqual({ status: 'sent', message_id: double.messages[0]?.id });
  });

  it('marks the run failed, with the reason, on Missing Access or an unknown channel', async () => {
    for (const [fault, reason, channelLost] of [
      [{ status: 403, code: 50001, message: 'Missing Access' }, 'Missing Access (50001)', false],
      [{ status: 404, code: 10003, message: 'Unknown Channel' }, 'Unknown Channel (10003)', true],
    ] as const) {
      const { db } = await preparedDb();
      await scheduledServer(db, guild, new Date('2026-11-20T00:00:00Z'));
      double.failNext({ method: 'POST', pathIncludes: '/messages' }, fault);
      const deps = await syncDeps(db, poster());
      const before = messagePosts().length;
      const report = await runSlot(deps, guild, slot, 'scheduled', slot);
      expect(report).toMatchObject({ status: 'failed', reason, sent: 0 });
      expect(deps.logged.some((l) => l.permanent === true)).toBe(true);
      // The channel refused the prompt: the digests are not tried one by one after it.
      expect(messagePosts().length - before).toBe(1);
      // A channel Discord no longer knows is remembered as deleted: no later run posts to it.
      const settings = await getSettings(db, guild);
      expect(settings?.channel_lost_at !== null).toBe(channelLost);
    }
  });

  it('turns a refusal into a permanent PostError the scheduler does not retry', async () => {
    double.failNext(
      { method: 'POST', pathIncludes: '/messages' },
      { status: 403, code: 50013, message: 'Missing Permissions' },
    );
    await expect(poster().post(DEFAULT_CHANNEL_ID, { content: 'x' }, 'n1')).rejects.toMatchObject(
      new PostError('Missing Permissions (50013)', true),
    );
  });
});
