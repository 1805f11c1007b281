// Rule: what a kept value shows is read from this database alone (its key names everything
// else), and nothing changes the database but a write through this connection, which moves
// total_changes, or a commit by another one, which moves data_version. So a value computed
// while neither moved stays true until one does. A kept value is handed to every caller as it
// is, so no caller changes it.
//
// /learning keeps its pages here. Measured in the latency suite (5 runs each, pinned), Nexus ÷
// bare was 1.50 at p50 and 1.08 at p99 with the pages kept, 2.94 and 1.22 without.
import type SQLite from 'better-sqlite3';
import type { Db } from './schema.js';

interface Watched {
  /** total_changes and data_version, read straight from the connection. */
  state: SQLite.Statement<[], [number, number]>;
  /** The named caches of this database. */
  caches: Map<string, StateCache<never>>;
}

const watched = new WeakMap<Db, Watched>();

/** Called by `openDatabase` with the connection behind the handle. */
export function watchDatabaseState(db: Db, sqlite: SQLite.Database): void {
  const state = sqlite
    .prepare<[], [number, number]>('SELECT total_changes(), data_version FROM pragma_data_version')
    .raw();
  watched.set(db, { state, caches: new Map() });
}

function watchedOf(db: Db): Watched {
  const found = watched.get(db);
  if (!found) throw new Error('the state cache needs a database opened with openDatabase');
  return found;
}

/**
 * Moves whenever anything is written: rows changed through this connection (total_changes) or a
 * commit by another one (data_version), such as an import run beside the bot. Read straight from
 * the connection, outside Kysely's queue: it is asked on every cached answer, and a write still
 * pending in a transaction already counts, so it errs towards "changed".
 */
export function databaseState(db: Db): string {
  const [changes, version] = watchedOf(db).state.get() ?? [];
  return `${changes}:${version}`;
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

/**
 * The cache called `name` of this database, made on first use with `limit`: each database handle
 * has its own (tests and the bench open several), and its caches go with it.
 */
export function stateCacheOf<V>(db: Db, name: string, limit: number): StateCache<V> {
  const { caches } = watchedOf(db);
  let cache = caches.get(name) as StateCache<V> | undefined;
  if (!cache) {
    cache = createStateCache<V>(db, limit);
    caches.set(name, cache as StateCache<never>);
  }
  return cache;
}
