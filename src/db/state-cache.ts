import { CompiledQuery } from 'kysely';
import type { Db } from './schema.js';

/**
 * Moves whenever anything is written: rows changed through this connection (total_changes) or a
 * commit by another one (data_version), such as an import run beside the bot. Built once, so
 * reading it costs one cached statement and no query building.
 */
const stateQuery = CompiledQuery.raw(
  'SELECT total_changes() AS changes, data_version AS version FROM pragma_data_version',
);

async function databaseState(db: Db): Promise<string> {
  const { rows } = await db.executeQuery<{ changes: number; version: number }>(stateQuery);
  return `${rows[0]?.changes}:${rows[0]?.version}`;
}

/**
 * Values computed from the database, kept until anything in it changes; at most `limit`, the
 * least recently used dropped first. A hit costs one small statement in place of what `compute`
 * reads. A value is kept only if nothing was written while it was computed.
 */
export function createStateCache<V>(db: Db, limit: number) {
  let keptAt: string | undefined;
  const values = new Map<string, V>();
  return {
    async get(key: string, compute: () => Promise<V>): Promise<V> {
      const state = await databaseState(db);
      if (state !== keptAt) {
        values.clear();
        keptAt = state;
      }
      const kept = values.get(key);
      if (kept !== undefined) {
        values.delete(key); // re-inserted last: the most recently used
        values.set(key, kept);
        return kept;
      }
      const value = await compute();
      if ((await databaseState(db)) === state && keptAt === state) {
        values.set(key, value);
        const oldest = values.keys().next().value;
        if (values.size > limit && oldest !== undefined) values.delete(oldest);
      }
      return value;
    },
  };
}

export type StateCache<V> = ReturnType<typeof createStateCache<V>>;
