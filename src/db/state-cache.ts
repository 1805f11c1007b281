import { databaseState } from './open.js';
import type { Db } from './schema.js';

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
      const state = databaseState(db);
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
      if (databaseState(db) === state && keptAt === state) {
        values.set(key, value);
        const oldest = values.keys().next().value;
        if (values.size > limit && oldest !== undefined) values.delete(oldest);
      }
      return value;
    },
  };
}

export type StateCache<V> = ReturnType<typeof createStateCache<V>>;
