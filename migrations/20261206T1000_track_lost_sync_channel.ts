import type { Kysely } from 'kysely';

// A deleted sync-up channel is remembered, not forgotten: /sync show can say what happened, the
// scheduler stops posting to it, and the next #prodev-project-nexus is adopted in its place.
// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sync_settings').addColumn('channel_lost_at', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sync_settings').dropColumn('channel_lost_at').execute();
}
