import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/schema.js';
import { visibleInSql } from '../db/visibility.js';

/**
 * The one module that speaks FTS5. User text never reaches MATCH as syntax: it is reduced to
 * words, each quoted as a string literal, so quotes, `*`, NEAR, `-` and OR are just text.
 */
const maxTerms = 16;

export function searchTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, maxTerms);
}

/** `all` requires every word (FTS5's implicit AND); `any` ranks documents having some of them. */
export function toFtsQuery(terms: readonly string[], mode: 'all' | 'any'): string {
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(mode === 'all' ? ' ' : ' OR ');
}

/** An FTS5 table of the search migrations, over the documents of one table. */
export interface SearchIndex {
  table: 'learnings_fts' | 'challenges_fts';
  documents: 'learnings' | 'challenges';
  /** bm25's weight for each column; the first column is `title`. */
  weights: readonly number[];
}

/**
 * An FTS row's rowid is its document's id, plus this offset for a shipped document (see the
 * migration that keys them), so the highest rowids are the curated documents, then the newest.
 */
const shippedKeyOffset = 2 ** 48;

/** The document id of an FTS row's key. */
const documentId = (key: RawBuilder<unknown>) => sql`${key} % ${sql.lit(shippedKeyOffset)}`;

/**
 * FTS5 scores every row a query matches (bm25 has no top-k shortcut), so a query matching most
 * of the table would score most of it. Ranking is bounded to the first matches in key order:
 * every shipped one, then the newest; a query with fewer matches is ranked whole.
 */
export const rankedCandidates = 1000;

/** How many of a word's newest matches are read to estimate how common it is. */
export const shareSample = 256;

/**
 * The query's words found in at least half of the documents. FTS5's bm25 gives such a word no
 * weight (its idf is clamped to almost zero), yet bm25's statistics read the word's whole
 * posting list on every query: the largest cost of a search. Requiring it would only hide
 * documents, so it is left out when other words remain. Its share is estimated from how densely
 * its newest `shareSample` community matches sit among the newest ids, which reads only those
 * entries; a word with fewer matches than that is never common.
 */
async function commonWords(db: Db, index: SearchIndex, terms: readonly string[]) {
  const fts = sql.table(index.table);
  // One statement for every word: each row is a word's sampled count and its oldest sampled key.
  const samples = terms.map(
    (term, i) => sql`select ${sql.lit(i)} as word, count(*) as sampled, min(key) as oldest from (
      select rowid as key from ${fts}
      where ${fts} match ${toFtsQuery([term], 'all')} and rowid < ${sql.lit(shippedKeyOffset)}
      order by rowid desc limit ${sql.lit(shareSample)})`,
  );
  const { rows } = await sql<{ word: number; sampled: number; oldest: number; newest: number }>`
    select s.*, (select max(id) from ${sql.table(index.documents)}) as newest
    from (${sql.join(samples, sql` union all `)}) as s`.execute(db);
  return new Set(
    rows
      .filter(
        ({ sampled, oldest, newest }) =>
          sampled === shareSample && shareSample / (newest - oldest + 1) >= 0.5,
      )
      .map(({ word }) => terms[word] as string),
  );
}

/**
 * The matches of one FTS5 query that the server can see, in key order (shipped, then newest),
 * with `score` as the given expression. CROSS JOIN keeps SQLite walking the index in key order
 * and looking each match up, so other servers' documents never take a candidate's place.
 */
function visibleMatches(
  index: SearchIndex,
  match: string,
  guildId: string,
  score: RawBuilder<unknown>,
) {
  const fts = sql.table(index.table);
  return sql`select d.id as id, ${fts}.rowid as key, ${score} as score from ${fts}
    cross join ${sql.table(index.documents)} as d on d.id = ${documentId(sql`${fts}.rowid`)}
    where ${fts} match ${match} and ${visibleInSql(guildId)}
    order by ${fts}.rowid desc`;
}

/** Candidates of one FTS5 query, as (id, key, score) rows to be ordered by score, then key descending. */
type Candidates = (index: SearchIndex, match: string, guildId: string) => RawBuilder<unknown>;

/** The first `rankedCandidates` visible matches, scored by bm25 (lower is better). */
const rankedByBm25: Candidates = (index, match, guildId) => {
  const fts = sql.table(index.table);
  const bm25 = sql`bm25(${fts}, ${sql.join(index.weights.map((weight) => sql.lit(weight)))})`;
  return sql`select * from (${visibleMatches(index, match, guildId, bm25)} limit ${sql.lit(rankedCandidates)})`;
};

/**
 * Every visible match, unscored: SQLite streams them in key order and stops at the limit, so
 * this costs only the rows it reads.
 */
const inKeyOrder: Candidates = (index, match, guildId) =>
  visibleMatches(index, match, guildId, sql.lit(0));

export interface SearchResult<Hit> {
  hits: Hit[];
  /** How many of the hits have every word searched for; the rest have only some of them. */
  complete: number;
  /** Words left out of the search because most documents contain them. */
  ignored: string[];
  /** False when every word is in most documents: bm25 had nothing to weigh (see `search`). */
  ranked: boolean;
}

/** A document as a feature fetches it: `body` becomes the hit's snippet. */
type Fetched = { id: number; body: string };
/** What a search returns of a fetched document. */
type Hit<Row extends Fetched> = Omit<Row, 'body'> & { snippet: string };

/**
 * Fetches the documents of `top`, a query of (id, score, key) rows the server can see, already
 * cut to the count asked for, in `top`'s order (score, then key descending).
 */
type Fetcher<Row extends Fetched> = (top: RawBuilder<unknown>) => Promise<Row[]>;

/** The best `count` candidates, as (id, score, key); the documents' text is read for these alone. */
const best = (candidates: RawBuilder<unknown>, count: number) =>
  sql`select id, score, key from (${candidates}) order by score, key desc limit ${sql.lit(count)}`;

/** Rows of `first`, then of `then` not already seen, at most `limit`. */
async function fill<Row extends Fetched>(
  limit: number,
  first: (count: number) => Promise<Row[]>,
  then: (count: number) => Promise<Row[]>,
): Promise<{ rows: Row[]; first: number }> {
  const leading = await first(limit);
  if (leading.length === limit) return { rows: leading, first: limit };
  const seen = new Set(leading.map((row) => row.id));
  const rest = (await then(limit + leading.length)).filter((row) => !seen.has(row.id));
  return { rows: [...leading, ...rest].slice(0, limit), first: leading.length };
}

/**
 * Documents with every word first, ranked by bm25; then, to fill the list, those with some of
 * them. Words most documents contain are left out when others remain. When none remain, bm25
 * has nothing to weigh: documents with a query word in the title come first, then the others,
 * each in key order (shipped, then newest).
 */
export async function search<Row extends Fetched>(
  db: Db,
  index: SearchIndex,
  guildId: string,
  text: string,
  limit: number,
  fetch: Fetcher<Row>,
): Promise<SearchResult<Hit<Row>>> {
  const terms = searchTerms(text);
  if (terms.length === 0) return { hits: [], complete: 0, ignored: [], ranked: true };
  const common = await commonWords(db, index, terms);
  const weighed = terms.filter((term) => !common.has(term));
  const run = (candidates: Candidates, query: string) => (count: number) =>
    fetch(best(candidates(index, query, guildId), count));
  const result = (rows: Row[], complete: number, ranked: boolean) => ({
    hits: rows.map(({ body, ...row }): Hit<Row> => ({ ...row, snippet: snippetOf(body, terms) })),
    complete,
    ignored: ranked ? [...common] : [],
    ranked,
  });

  if (weighed.length === 0) {
    const every = toFtsQuery(terms, 'all');
    const titled = `(${every}) AND {title}: (${toFtsQuery(terms, 'any')})`;
    const { rows } = await fill(limit, run(inKeyOrder, titled), run(inKeyOrder, every));
    return result(rows, rows.length, false);
  }
  const every = run(rankedByBm25, toFtsQuery(weighed, 'all'));
  if (weighed.length === 1) {
    const rows = await every(limit);
    return result(rows, rows.length, true);
  }
  const { rows, first } = await fill(limit, every, run(rankedByBm25, toFtsQuery(weighed, 'any')));
  return result(rows, first, true);
}

/** A window of `text` around the first search word it contains, at most `width` characters. */
function snippetOf(text: string, terms: readonly string[], width = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= width) return flat;
  const lower = flat.toLowerCase();
  const found = terms
    .map((term) => lower.search(new RegExp(`(^|[^\\p{L}\\p{N}])${term}`, 'u')))
    .filter((at) => at >= 0);
  const at = found.length > 0 ? Math.min(...found) : 0;
  const start = Math.max(0, Math.min(at - Math.floor(width / 4), flat.length - width));
  const cut = flat.slice(start, start + width);
  const from = start > 0 ? cut.indexOf(' ') + 1 : 0;
  const to = start + width < flat.length ? cut.lastIndexOf(' ') : cut.length;
  return `${start > 0 ? '…' : ''}${cut.slice(from, to > from ? to : cut.length)}${start + width < flat.length ? '…' : ''}`;
}
