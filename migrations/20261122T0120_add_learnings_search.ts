import { type Kysely, sql } from 'kysely';

// FTS5 is SQLite's; a Postgres deployment would replace this migration's effect with tsvector.
// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create virtual table learnings_fts using fts5(
    title, body,
    content = 'learnings', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`create trigger learnings_fts_insert after insert on learnings begin
    insert into learnings_fts (rowid, title, body) values (new.id, new.title, new.body);
  end`.execute(db);
  await sql`create trigger learnings_fts_delete after delete on learnings begin
    insert into learnings_fts (learnings_fts, rowid, title, body)
      values ('delete', old.id, old.title, old.body);
  end`.execute(db);
  await sql`create trigger learnings_fts_update after update of title, body on learnings begin
    insert into learnings_fts (learnings_fts, rowid, title, body)
      values ('delete', old.id, old.title, old.body);
    insert into learnings_fts (rowid, title, body) values (new.id, new.title, new.body);
  end`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger learnings_fts_update`.execute(db);
  await sql`drop trigger learnings_fts_delete`.execute(db);
  await sql`drop trigger learnings_fts_insert`.execute(db);
  await sql`drop table learnings_fts`.execute(db);
}
