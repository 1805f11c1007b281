import { type Kysely, sql } from 'kysely';

/**
 * One FTS5 row per challenge holding its title, its text and all its solutions, rebuilt by
 * triggers whenever any of them changes. FTS5 is SQLite's; Postgres would use tsvector.
 */
const reindex = (id: string) =>
  sql.raw(`
    delete from challenges_fts where rowid = ${id};
    insert into challenges_fts (rowid, title, body, solutions)
      select c.id, c.title, c.body,
        coalesce((select group_concat(s.body, ' ') from solutions s where s.challenge_id = c.id), '')
      from challenges c where c.id = ${id};`);

// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create virtual table challenges_fts using fts5(
    title, body, solutions, tokenize = 'porter unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`create trigger challenges_fts_insert after insert on challenges begin ${reindex('new.id')} end`.execute(
    db,
  );
  await sql`create trigger challenges_fts_update after update of title, body on challenges begin ${reindex('new.id')} end`.execute(
    db,
  );
  await sql`create trigger challenges_fts_delete after delete on challenges begin
    delete from challenges_fts where rowid = old.id;
  end`.execute(db);
  await sql`create trigger solutions_fts_insert after insert on solutions begin ${reindex('new.challenge_id')} end`.execute(
    db,
  );
  await sql`create trigger solutions_fts_update after update of body on solutions begin ${reindex('new.challenge_id')} end`.execute(
    db,
  );
  await sql`create trigger solutions_fts_delete after delete on solutions begin ${reindex('old.challenge_id')} end`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of [
    'solutions_fts_delete',
    'solutions_fts_update',
    'solutions_fts_insert',
    'challenges_fts_delete',
    'challenges_fts_update',
    'challenges_fts_insert',
  ]) {
    await sql`drop trigger ${sql.raw(trigger)}`.execute(db);
  }
  await sql`drop table challenges_fts`.execute(db);
}
