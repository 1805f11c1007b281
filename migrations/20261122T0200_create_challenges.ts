import { type Kysely, sql } from 'kysely';

const origin = sql`origin in ('shipped', 'community', 'imported')`;

// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('challenges')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text')
    .addColumn('origin', 'text', (col) => col.notNull().check(origin))
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (col) => col.notNull())
    .addColumn('source', 'text')
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('free_tags', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('promoted_learning_id', 'integer', (col) =>
      col.references('learnings.id').onDelete('set null'),
    )
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('challenges_guild')
    .on('challenges')
    .columns(['guild_id', 'id'])
    .execute();
  await db.schema
    .createIndex('challenges_shipped_source')
    .on('challenges')
    .column('source')
    .unique()
    .where(sql.ref('origin'), '=', 'shipped')
    .execute();

  // Position 0 is the challenge's main topic, where a promoted solution lands.
  await db.schema
    .createTable('challenge_topics')
    .addColumn('challenge_id', 'integer', (col) =>
      col.notNull().references('challenges.id').onDelete('cascade'),
    )
    .addColumn('topic_id', 'integer', (col) =>
      col.notNull().references('topics.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('challenge_topics_pk', ['challenge_id', 'topic_id'])
    .execute();
  await db.schema
    .createIndex('challenge_topics_topic')
    .on('challenge_topics')
    .column('topic_id')
    .execute();

  await db.schema
    .createTable('solutions')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('challenge_id', 'integer', (col) =>
      col.notNull().references('challenges.id').onDelete('cascade'),
    )
    .addColumn('guild_id', 'text')
    .addColumn('origin', 'text', (col) => col.notNull().check(origin))
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('solutions_challenge')
    .on('solutions')
    .column('challenge_id')
    .execute();

  await db.schema
    .createTable('solution_votes')
    .addColumn('solution_id', 'integer', (col) =>
      col.notNull().references('solutions.id').onDelete('cascade'),
    )
    .addColumn('voter_id', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('solution_votes_pk', ['solution_id', 'voter_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['solution_votes', 'solutions', 'challenge_topics', 'challenges']) {
    await db.schema.dropTable(table).execute();
  }
}
