import { type Kysely, sql } from 'kysely';

// One row that GET /healthz rewrites, so that "healthy" means the database took a real write (a
// read-only file, a full disk or a lock held elsewhere all show), without touching anyone's data.
// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('health_probe')
    .addColumn('id', 'integer', (col) => col.primaryKey().check(sql`id = 1`))
    .addColumn('checked_at', 'text', (col) => col.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('health_probe').execute();
}
