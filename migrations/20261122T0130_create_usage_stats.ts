import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('topic_usage')
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('topic_id', 'integer', (col) =>
      col.notNull().references('topics.id').onDelete('cascade'),
    )
    .addColumn('uses', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_used_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('topic_usage_pk', ['guild_id', 'topic_id'])
    .execute();
  await db.schema
    .createTable('search_misses')
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('query', 'text', (col) => col.notNull())
    .addColumn('misses', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_missed_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('search_misses_pk', ['guild_id', 'kind', 'query'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_misses').execute();
  await db.schema.dropTable('topic_usage').execute();
}
