import type { Kysely } from 'kysely';

// /project show pages a role's members by name: in index order, a later page reads its window
// instead of sorting a cohort-sized role for every page.
// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('learners_role_by_name')
    .on('learners')
    .columns(['guild_id', 'project_slug', 'role', 'user_name', 'user_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('learners_role_by_name').execute();
}
