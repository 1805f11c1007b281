import { type Kysely, sql } from 'kysely';

// A topic's page reads learnings in display order (shipped first, then by position and id); with
// this index SQLite walks them in order and stops after the page instead of sorting the topic.
// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index learnings_topic_display on learnings (topic_id, (origin <> 'shipped'), position, id)`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index learnings_topic_display`.execute(db);
}
