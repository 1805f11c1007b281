import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('learnings')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('topic_id', 'integer', (col) =>
      col.notNull().references('topics.id').onDelete('cascade'),
    )
    .addColumn('guild_id', 'text')
    .addColumn('origin', 'text', (col) =>
      col.notNull().check(sql`origin in ('shipped', 'community', 'imported')`),
    )
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (col) => col.notNull())
    .addColumn('source', 'text')
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('learnings_topic')
    .on('learnings')
    .columns(['topic_id', 'guild_id', 'position'])
    .execute();
  // One row per shipped heading, so reloading a file updates in place and ids stay stable.
  await db.schema
    .createIndex('learnings_shipped_source')
    .on('learnings')
    .column('source')
    .unique()
    .where(sql.ref('origin'), '=', 'shipped')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('learnings').execute();
}
