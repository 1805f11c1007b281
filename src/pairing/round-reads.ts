/**
 * The weekly round's inputs, read from the database in chunks: better-sqlite3 runs each query
 * synchronously, and a cohort's 100,000 learners take some 300 ms to read, so every chunk is
 * followed by a turn of the event loop and no read holds it for long.
 */

import type { Db } from '../db/schema.js';
import { isOpen, projectNames } from './projects.js';
import { REPEAT_WINDOW_MS, type RoundInput } from './round-input.js';

/** Rows per query: a few milliseconds of SQLite work. */
const chunkRows = 2000;

export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The server's pairing revision: it moves on every change of learners or pairs a round reads
 * (see the migration that tracks round inputs); 0 before the first.
 */
export async function pairingRevision(db: Db, guildId: string): Promise<number> {
  const row = await db
    .selectFrom('pairing_revisions')
    .select('revision')
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return row?.revision ?? 0;
}

export interface RoundSource {
  input: RoundInput;
  /** Display names and projects of the learners in the round, by user id. */
  learners: Map<string, { name: string; project: string }>;
  /** Project display names by slug. */
  projectNames: Map<string, string>;
  /** The pairing revision before the first read: any later change moves it. */
  revision: number;
  /**
   * Instants (ms) between which the same learners are open: the latest end of a dated pause at
   * `now` or before, and the earliest after it (infinite when none).
   */
  openSince: number;
  openUntil: number;
}

/**
 * Open learners, active pairs and the pairs formed in the repeat window, in chunks. The revision
 * is read first, so a change made between two chunks shows as a moved revision.
 */
export async function readRoundSource(db: Db, guildId: string, now: Date): Promise<RoundSource> {
  const revision = await pairingRevision(db, guildId);
  const source: RoundSource = {
    input: { learners: [], activePairs: [], history: [], now, seed: weekSeed(now) },
    learners: new Map(),
    projectNames: await projectNames(db, guildId),
    revision,
    openSince: Number.NEGATIVE_INFINITY,
    openUntil: Number.POSITIVE_INFINITY,
  };
  const nowMs = now.getTime();
  for (let after = ''; ; ) {
    const rows = await db
      .selectFrom('learners')
      .selectAll()
      .where('guild_id', '=', guildId)
      .where('user_id', '>', after)
      .orderBy('user_id')
      .limit(chunkRows)
      .execute();
    for (const row of rows) {
      if (row.paused && row.paused_until !== null) {
        const until = Date.parse(row.paused_until);
        if (until <= nowMs) source.openSince = Math.max(source.openSince, until);
        else source.openUntil = Math.min(source.openUntil, until);
      }
      if (!isOpen(row, now)) continue;
      source.input.learners.push({
        id: row.user_id,
        project: row.project_slug,
        role: row.role,
        maxPartners: row.max_partners,
        timezone: row.timezone,
      });
      source.learners.set(row.user_id, { name: row.user_name, project: row.project_slug });
    }
    await nextTurn();
    if (rows.length < chunkRows) break;
    after = (rows[rows.length - 1] as (typeof rows)[number]).user_id;
  }
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom('pairs')
      .select(['id', 'backend_id', 'frontend_id'])
      .where('guild_id', '=', guildId)
      .where('status', '=', 'active')
      .where('id', '>', after)
      .orderBy('id')
      .limit(chunkRows)
      .execute();
    for (const row of rows)
      source.input.activePairs.push({ backendId: row.backend_id, frontendId: row.frontend_id });
    await nextTurn();
    if (rows.length < chunkRows) break;
    after = (rows[rows.length - 1] as (typeof rows)[number]).id;
  }
  const since = new Date(nowMs - REPEAT_WINDOW_MS).toISOString();
  for (let after = { createdAt: since, id: 0 }; ; ) {
    const rows = await db
      .selectFrom('pairs')
      .select(['id', 'backend_id', 'frontend_id', 'created_at'])
      .where('guild_id', '=', guildId)
      .where('created_at', '>=', since)
      .where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.createdAt, after.id)))
      .orderBy('created_at')
      .orderBy('id')
      .limit(chunkRows)
      .execute();
    for (const row of rows) {
      source.input.history.push({
        backendId: row.backend_id,
        frontendId: row.frontend_id,
        formedAt: new Date(row.created_at),
      });
    }
    await nextTurn();
    if (rows.length < chunkRows) break;
    const last = rows[rows.length - 1] as (typeof rows)[number];
    after = { createdAt: last.created_at, id: last.id };
  }
  return source;
}

const weekMs = 7 * 24 * 60 * 60 * 1000;

/** The same week always proposes the same round, so a preview matches what the sync-up runs. */
export const weekSeed = (now: Date) => Math.floor(now.getTime() / weekMs);
