import { type Kysely, sql } from 'kysely';
import { up as learningsSearch } from './20261122T0120_add_learnings_search.js';
import { up as challengesSearch } from './20261122T0210_add_challenges_search.js';

/**
 * Search ranks a bounded set of candidates: the matches with the highest rowids. Keying each FTS
 * row by its document's id plus 2^48 for shipped documents puts the curated ones at the top of
 * that order, so one cursor (one bm25 statistics pass) covers the shipped matches and the newest
 * community ones. The tables become contentless: search reads text from the documents' tables.
 */
const shippedOffset = 2 ** 48;
const tokenize = sql.raw(`tokenize = 'porter unicode61 remove_diacritics 2'`);
const key = (row: string) =>
  sql.raw(`(${row}.id + case when ${row}.origin = 'shipped' then ${shippedOffset} else 0 end)`);

const challengeRow = (id: string) =>
  sql.raw(`
    insert into challenges_fts (rowid, title, body, solutions)
      select c.id + case when c.origin = 'shipped' then ${shippedOffset} else 0 end, c.title, c.body,
        coalesce((select group_concat(s.body, ' ') from solutions s where s.challenge_id = c.id), '')
      from challenges c where c.id = ${id};`);
const forgetChallenge = (id: string) =>
  sql.raw(`delete from challenges_fts where rowid in (${id}, ${id} + ${shippedOffset});`);

const triggers = [
  'learnings_fts_insert',
  'learnings_fts_update',
  'learnings_fts_delete',
  'challenges_fts_insert',
  'challenges_fts_update',
  'challenges_fts_delete',
  'solutions_fts_insert',
  'solutions_fts_update',
  'solutions_fts_delete',
];

// biome-ignore lint/suspicious/noExplicitAny: a migration is frozen in time, independent of today's schema.
async function dropSearch(db: Kysely<any>): Promise<void> {
  for (const trigger of triggers) await sql`drop trigger ${sql.raw(trigger)}`.execute(db);
  await sql`drop table learnings_fts`.execute(db);
  await sql`drop table challenges_fts`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see dropSearch().
export async function up(db: Kysely<any>): Promise<void> {
  await dropSearch(db);

  await sql`create virtual table learnings_fts using fts5(
    title, body, content = '', contentless_delete = 1, ${tokenize}
  )`.execute(db);
  await sql`insert into learnings_fts (rowid, title, body)
    select ${key('learnings')}, title, body from learnings`.execute(db);
  await sql`create trigger learnings_fts_insert after insert on learnings begin
    insert into learnings_fts (rowid, title, body) values (${key('new')}, new.title, new.body);
  end`.execute(db);
  await sql`create trigger learnings_fts_update after update of title, body, origin on learnings begin
    delete from learnings_fts where rowid = ${key('old')};
    insert into learnings_fts (rowid, title, body) values (${key('new')}, new.title, new.body);
  end`.execute(db);
  await sql`create trigger learnings_fts_delete after delete on learnings begin
    delete from learnings_fts where rowid = ${key('old')};
  end`.execute(db);

  await sql`create virtual table challenges_fts using fts5(
    title, body, solutions, content = '', contentless_delete = 1, ${tokenize}
  )`.execute(db);
  await sql`insert into challenges_fts (rowid, title, body, solutions)
    select ${key('c')}, c.title, c.body,
      coalesce((select group_concat(s.body, ' ') from solutions s where s.challenge_id = c.id), '')
    from challenges c`.execute(db);
  await sql`create trigger challenges_fts_insert after insert on challenges begin
    ${challengeRow('new.id')}
  end`.execute(db);
  await sql`create trigger challenges_fts_update after update of title, body, origin on challenges begin
    ${forgetChallenge('old.id')} ${challengeRow('new.id')}
  end`.execute(db);
  await sql`create trigger challenges_fts_delete after delete on challenges begin
    ${forgetChallenge('old.id')}
  end`.execute(db);
  for (const [event, row] of [
    ['insert', 'new'],
    ['update of body', 'new'],
    ['delete', 'old'],
  ] as const) {
    const name = `solutions_fts_${event.split(' ')[0]}`;
    await sql`create trigger ${sql.raw(name)} after ${sql.raw(event)} on solutions begin
      ${forgetChallenge(`${row}.challenge_id`)} ${challengeRow(`${row}.challenge_id`)}
    end`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see dropSearch().
export async function down(db: Kysely<any>): Promise<void> {
  await dropSearch(db);
  await learningsSearch(db);
  await sql`insert into learnings_fts (learnings_fts) values ('rebuild')`.execute(db);
  await challengesSearch(db);
  await sql`insert into challenges_fts (rowid, title, body, solutions)
    select c.id, c.title, c.body,
      coalesce((select group_concat(s.body, ' ') from solutions s where s.challenge_id = c.id), '')
    from challenges c`.execute(db);
}
