import { type Kysely, sql } from 'kysely';

// A run's pair digests go in weekly threads. Each thread is a row, started once (its id kept as
// soon as Discord gives it); a digest names the part of its run's threads it belongs in. Rows
// queued before this migration have no part and post in their channel, as they always did.
// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_threads')
    .addColumn('run_id', 'integer', (col) =>
      col.notNull().references('sync_runs.id').onDelete('cascade'),
    )
    .addColumn('part', 'integer', (col) => col.notNull())
    .addColumn('channel_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('thread_id', 'text')
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('pending', 'started', 'refused')`),
    )
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('sync_threads_pk', ['run_id', 'part'])
    .execute();
  await db.schema.alterTable('sync_outbox').addColumn('thread_part', 'integer').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sync_outbox').dropColumn('thread_part').execute();
  await db.schema.dropTable('sync_threads').execute();
}
