import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_settings')
    .addColumn('guild_id', 'text', (col) => col.primaryKey())
    .addColumn('channel_id', 'text', (col) => col.notNull())
    .addColumn('cron', 'text', (col) => col.notNull())
    .addColumn('timezone', 'text', (col) => col.notNull())
    .addColumn('paused', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('auto_pair', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('grace_hours', 'real', (col) => col.notNull().defaultTo(6))
    .addColumn('prompt_cursor', 'integer', (col) => col.notNull().defaultTo(0))
    // Slots before this moment never run: a new or edited schedule has no past to catch up on.
    .addColumn('schedule_since', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('sync_prompts')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('author_id', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('slot', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('scheduled', 'late', 'manual', 'missed')`),
    )
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('sending', 'posted', 'failed', 'missed', 'unknown')`),
    )
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('sync_runs_once', ['guild_id', 'slot'])
    .execute();

  // Every message of a run is written here, with the run, before anything is sent.
  await db.schema
    .createTable('sync_outbox')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('run_id', 'integer', (col) =>
      col.notNull().references('sync_runs.id').onDelete('cascade'),
    )
    .addColumn('guild_id', 'text', (col) => col.notNull())
    .addColumn('channel_id', 'text', (col) => col.notNull())
    .addColumn('message_key', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('nonce', 'text', (col) => col.notNull().unique())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('pending', 'sent', 'failed', 'unknown')`),
    )
    .addColumn('message_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('sync_outbox_key', ['run_id', 'message_key'])
    .execute();
  await db.schema.createIndex('sync_outbox_status').on('sync_outbox').column('status').execute();

  await db.schema
    .createTable('sync_checkins')
    .addColumn('pair_id', 'integer', (col) => col.notNull())
    .addColumn('slot', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('answer', 'text', (col) => col.check(sql`answer in ('yes', 'no')`))
    .addColumn('asked_at', 'text', (col) => col.notNull())
    .addColumn('answered_at', 'text')
    .addPrimaryKeyConstraint('sync_checkins_pk', ['pair_id', 'slot', 'user_id'])
    .execute();
  await db.schema
    .createIndex('sync_checkins_user')
    .on('sync_checkins')
    .columns(['user_id', 'slot'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'sync_checkins',
    'sync_outbox',
    'sync_runs',
    'sync_prompts',
    'sync_settings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
