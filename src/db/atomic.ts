import type { Db } from './schema.js';

/**
 * Runs `work` in a transaction, or in the caller's when there is one already: domain functions
 * stay all-or-nothing on their own and compose inside a larger unit (an import, a sync-up run).
 */
export function atomically<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
