import { type Kysely, sql } from 'kysely';

/**
 * A revision per server, moved by every change of learners or pairs that the weekly round depends
 * on, so that a round planned outside a transaction can be committed only if nothing it read has
 * changed since (one row read instead of re-reading 100,000 learners). `last_active_at` is left
 * out: it moves on every command and no round depends on it.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pairing_revisions')
    .addColumn('guild_id', 'text', (col) => col.primaryKey())
    .addColumn('revision', 'integer', (col) => col.notNull())
    .execute();
  const bump = (row: 'NEW' | 'OLD') =>
    sql.raw(
      `INSERT INTO pairing_revisions (guild_id, revision) VALUES (${row}.guild_id, 1)
       ON CONFLICT (guild_id) DO UPDATE SET revision = revision + 1;`,
    );
  const roundColumns = 'project_slug, role, timezone, max_partners, paused, paused_until';
  const triggers = [
    ['learners_revise_on_insert', 'AFTER INSERT ON learners', 'NEW'],
    ['learners_revise_on_update', `AFTER UPDATE OF ${roundColumns} ON learners`, 'NEW'],
    ['learners_revise_on_delete', 'AFTER DELETE ON learners', 'OLD'],
    ['pairs_revise_on_insert', 'AFTER INSERT ON pairs', 'NEW'],
    ['pairs_revise_on_update', 'AFTER UPDATE ON pairs', 'NEW'],
    ['pairs_revise_on_delete', 'AFTER DELETE ON pairs', 'OLD'],
  ] as const;
  for (const [name, event, row] of triggers) {
    await sql`CREATE TRIGGER ${sql.raw(name)} ${sql.raw(event)} BEGIN ${bump(row)} END`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['learners', 'pairs']) {
    for (const event of ['insert', 'update', 'delete'])
      await sql`DROP TRIGGER ${sql.raw(`${table}_revise_on_${event}`)}`.execute(db);
  }
  await db.schema.dropTable('pairing_revisions').execute();
}
