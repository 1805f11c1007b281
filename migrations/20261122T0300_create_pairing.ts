import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('slug', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('projects_pk', ['guild_id', 'slug'])
    .execute();

  // One project and one role per member per server.
  await db.schema
    .createTable('learners')
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('user_name', 'text', (col) => col.notNull())
    .addColumn('project_slug', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('backend', 'frontend')`))
    .addColumn('repo', 'text')
    .addColumn('api_docs', 'text')
    .addColumn('timezone', 'text', (col) => col.notNull())
    .addColumn('max_partners', 'integer', (col) =>
      col.notNull().check(sql`max_partners between 1 and 3`),
    )
    .addColumn('paused', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('paused_until', 'text')
    .addColumn('joined_at', 'text', (col) => col.notNull())
    .addColumn('last_active_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('learners_pk', ['guild_id', 'user_id'])
    .addForeignKeyConstraint('learners_project', ['guild_id', 'project_slug'], 'projects', [
      'guild_id',
      'slug',
    ])
    .execute();
  await db.schema
    .createIndex('learners_project')
    .on('learners')
    .columns(['guild_id', 'project_slug', 'role'])
    .execute();

  await db.schema
    .createTable('pairs')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('project_slug', 'text', (col) => col.notNull())
    .addColumn('backend_id', 'text', (col) => col.notNull())
    .addColumn('frontend_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('active', 'ended')`))
    .addColumn('origin', 'text', (col) => col.notNull().check(sql`origin in ('request', 'round')`))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema
    .createIndex('pairs_guild_status')
    .on('pairs')
    .columns(['guild_id', 'status'])
    .execute();
  await db.schema
    .createIndex('pairs_one_active')
    .on('pairs')
    .columns(['guild_id', 'backend_id', 'frontend_id'])
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();

  await db.schema
    .createTable('pair_requests')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('project_slug', 'text', (col) => col.notNull())
    .addColumn('from_id', 'text', (col) => col.notNull())
    .addColumn('to_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('pending', 'accepted', 'declined', 'expired')`),
    )
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('pair_requests_to')
    .on('pair_requests')
    .columns(['guild_id', 'to_id', 'status'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['pair_requests', 'pairs', 'learners', 'projects'])
    await db.schema.dropTable(table).execute();
}
