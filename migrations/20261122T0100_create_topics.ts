import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('topics')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('tags', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('source_hash', 'text')
    .execute();
  await db.schema
    .createTable('topic_aliases')
    .addColumn('alias', 'text', (col) => col.primaryKey())
    .addColumn('topic_id', 'integer', (col) =>
      col.notNull().references('topics.id').onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('topic_aliases_topic')
    .on('topic_aliases')
    .column('topic_id')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('topic_aliases').execute();
  await db.schema.dropTable('topics').execute();
}
