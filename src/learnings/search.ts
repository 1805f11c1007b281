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

/** The learnings a server can see, titles weighing more than bodies. */
export function searchLearnings(
  db: Db,
  guildId: string,
  text: string,
  limit = 10,
): Promise<SearchResult> {
  return allThenAny(text, limit, async (match, count) => {
    const { rows } = await sql<LearningHit>`
      select l.id, l.topic_id as topicId, t.name as topicName, t.slug as topicSlug, l.title,
        snippet(learnings_fts, 1, '', '', '…', 20) as snippet
      from learnings_fts
      join learnings l on l.id = learnings_fts.rowid
      join topics t on t.id = l.topic_id
      where learnings_fts match ${match} and (l.guild_id is null or l.guild_id = ${guildId})
      order by bm25(learnings_fts, 4.0, 1.0)
      limit ${count}`.execute(db);
    return rows;
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
  return allThenAny(text, limit, async (match, count) => {
    const { rows } = await sql<ChallengeHit>`
      select c.id, c.title, snippet(challenges_fts, 1, '', '', '…', 20) as snippet,
        (select count(*) from solutions s
          where s.challenge_id = c.id and (s.guild_id is null or s.guild_id = ${guildId})) as solutions
      from challenges_fts
      join challenges c on c.id = challenges_fts.rowid
      where challenges_fts match ${match} and (c.guild_id is null or c.guild_id = ${guildId})
      order by bm25(challenges_fts, 4.0, 2.0, 1.0)
      limit ${count}`.execute(db);
    return rows;
  });
}
