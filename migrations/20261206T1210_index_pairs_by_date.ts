import type { Kysely } from 'kysely';

// The weekly round reads a server's pairs of the last four weeks; by date, it reads only those.
// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('pairs_guild_created')
    .on('pairs')
    .columns(['guild_id', 'created_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('pairs_guild_created').execute();
}
