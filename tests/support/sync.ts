import pino from 'pino';
import type { Db } from '../../src/db/schema.js';
import { joinProject } from '../../src/pairing/projects.js';
import { memoryPoster } from '../../src/sync/memory-poster.js';
import type { Poster } from '../../src/sync/poster.js';
import { readShippedPrompts } from '../../src/sync/prompts.js';
import type { SyncDeps } from '../../src/sync/run.js';
import { ensureSettings, updateSettings } from '../../src/sync/settings.js';

export const shippedPromptsPath = new URL('../../data/sync-prompts.md', import.meta.url).pathname;

/** A poster that keeps what it was asked to post and the threads it started, and can refuse. */
export const recordingPoster = () => memoryPoster();

export async function syncDeps(
  db: Db,
  poster: Poster,
): Promise<SyncDeps & { logged: Record<string, unknown>[] }> {
  const logged: Record<string, unknown>[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => logged.push(JSON.parse(line)) });
  return { db, poster, log, shippedPrompts: await readShippedPrompts(shippedPromptsPath), logged };
}

/** A server with a schedule (created at `since`) and a backend/frontend pair-to-be on one project. */
export async function scheduledServer(
  db: Db,
  guildId: string,
  since: Date,
  schedule: { cron?: string; timezone?: string; graceHours?: number } = {},
) {
  await ensureSettings(db, guildId, {
    channelId: '1300000000000000011',
    timezone: 'UTC',
    now: since,
  });
  await updateSettings(
    db,
    guildId,
    { cron: schedule.cron, timezone: schedule.timezone, graceHours: schedule.graceHours },
    since,
  );
  for (const [id, name, role] of [
    ['1300000000000000101', 'amina', 'backend'],
    ['1300000000000000102', 'tunde', 'frontend'],
  ] as const) {
    await joinProject(db, {
      guildId,
      user: { id, name },
      projectName: 'ALX Travel App',
      role,
      defaultTimezone: 'UTC',
      now: since,
    });
  }
}
