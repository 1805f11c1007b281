import { sql } from 'kysely';
import type { Db } from '../db/schema.js';

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

export interface LearningHit {
  id: number;
  topicId: number;
  topicName: string;
  topicSlug: string;
  title: string;
  snippet: string;
}

export interface SearchResult<Hit = LearningHit> {
  hits: Hit[];
  /** How many of the hits have every word; the rest have only some of them. */
  complete: number;
}

/**
 * Documents with every word first, ranked by bm25; then, to fill the list, those with some of
 * them. `match` runs one FTS5 query and returns hits carrying an `id`.
 */
async function allThenAny<Hit extends { id: number }>(
  text: string,
  limit: number,
  match: (query: string, limit: number) => Promise<Hit[]>,
): Promise<SearchResult<Hit>> {
  const terms = searchTerms(text);
  if (terms.length === 0) return { hits: [], complete: 0 };
  const all = await match(toFtsQuery(terms, 'all'), limit);
  if (all.length === limit || terms.length === 1) return { hits: all, complete: all.length };
  const seen = new Set(all.map((hit) => hit.id));
  const some = (await match(toFtsQuery(terms, 'any'), limit + all.length)).filter(
    (hit) => !seen.has(hit.id),
  );
  return { hits: [...all, ...some].slice(0, limit), complete: all.length };
}

/**
 * FTS5 scores every row a query matches (bm25 has no top-k shortcut), so a query of common words
 * would score nearly the whole table. Ranking is bounded to the newest matches plus the oldest
 * ones, where the shipped learnings sit (they load first); a query with fewer matches than that
 * is ranked whole.
 */
export const rankedCandidates = { newest: 1500, oldest: 500 };

/** The bounded candidate set of one FTS5 table: (id, score) rows, lower score ranks first. */
function candidates(table: 'learnings_fts' | 'challenges_fts', match: string, weights: number[]) {
  const fts = sql.table(table);
  const score = sql`bm25(${fts}, ${sql.join(weights.map((w) => sql.lit(w)))})`;
  const bounded = (order: 'asc' | 'desc', limit: number) =>
    sql`select id, score from (select rowid as id, ${score} as score from ${fts}
      where ${fts} match ${match} order by rowid ${sql.raw(order)} limit ${limit})`;
  return sql`(${bounded('desc', rankedCandidates.newest)} union ${bounded('asc', rankedCandidates.oldest)})`;
}

/** A window of `text` around the first search word it contains, at most `width` characters. */
export function snippetOf(text: string, terms: readonly string[], width = 200): string {
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

/** The learnings a server can see, titles weighing more than bodies. */
export function searchLearnings(
  db: Db,
  guildId: string,
  text: string,
  limit = 10,
): Promise<SearchResult> {
  const terms = searchTerms(text);
  return allThenAny(text, limit, async (match, count) => {
    const { rows } = await sql<Omit<LearningHit, 'snippet'> & { body: string }>`
      select l.id, l.topic_id as topicId, t.name as topicName, t.slug as topicSlug, l.title, l.body
      from ${candidates('learnings_fts', match, [4, 1])} as m
      -- CROSS JOIN: start from the bounded candidates, never from the server's learnings.
      cross join learnings l on l.id = m.id
      join topics t on t.id = l.topic_id
      where l.guild_id is null or l.guild_id = ${guildId}
      order by m.score
      limit ${count}`.execute(db);
    return rows.map(({ body, ...hit }) => ({ ...hit, snippet: snippetOf(body, terms) }));
  });
}

export interface ChallengeHit {
  id: number;
  title: string;
  snippet: string;
  solutions: number;
}

/**
 * The challenges a server can see, over their title, text and solutions. The snippet comes from
 * the challenge's own text, never from a solution another server may have written.
 */
export function searchChallenges(
  db: Db,
  guildId: string,
  text: string,
  limit = 10,
): Promise<SearchResult<ChallengeHit>> {
  const terms = searchTerms(text);
  return allThenAny(text, limit, async (match, count) => {
    const { rows } = await sql<Omit<ChallengeHit, 'snippet'> & { body: string }>`
      select c.id, c.title, c.body,
        (select count(*) from solutions s
          where s.challenge_id = c.id and (s.guild_id is null or s.guild_id = ${guildId})) as solutions
      from ${candidates('challenges_fts', match, [4, 2, 1])} as m
      -- CROSS JOIN keeps SQLite from starting at the server's (possibly 100,000) challenges.
      cross join challenges c on c.id = m.id
      where c.guild_id is null or c.guild_id = ${guildId}
      order by m.score
      limit ${count}`.execute(db);
    return rows.map(({ body, ...hit }) => ({ ...hit, snippet: snippetOf(body, terms) }));
  });
}
