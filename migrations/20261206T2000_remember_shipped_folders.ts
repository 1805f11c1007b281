import type { Kysely } from 'kysely';

// What each shipped data folder (data/learnings, data/challenges) held when it was last loaded, so
// that a start with nothing changed skips reading its front matter and comparing its rows.
// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shipped_folders')
    .addColumn('folder', 'text', (col) => col.primaryKey())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('shipped_folders').execute();
}
