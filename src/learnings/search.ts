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

export interface SearchResult {
  hits: LearningHit[];
  /** How many of the hits have every word; the rest have only some of them. */
  complete: number;
}

/**
 * Ranks the learnings a server can see by bm25, titles weighing more than bodies: first those
 * with every word, then, to fill the list, those with some of them.
 */
export async function searchLearnings(
  db: Db,
  guildId: string,
  text: string,
  limit = 10,
): Promise<SearchResult> {
  const terms = searchTerms(text);
  if (terms.length === 0) return { hits: [], complete: 0 };
  const all = await matchLearnings(db, guildId, toFtsQuery(terms, 'all'), limit);
  if (all.length === limit || terms.length === 1) return { hits: all, complete: all.length };
  const seen = new Set(all.map((hit) => hit.id));
  const some = (
    await matchLearnings(db, guildId, toFtsQuery(terms, 'any'), limit + all.length)
  ).filter((hit) => !seen.has(hit.id));
  return { hits: [...all, ...some].slice(0, limit), complete: all.length };
}

async function matchLearnings(
  db: Db,
  guildId: string,
  match: string,
  limit: number,
): Promise<LearningHit[]> {
  const { rows } = await sql<LearningHit>`
    select l.id, l.topic_id as topicId, t.name as topicName, t.slug as topicSlug, l.title,
      snippet(learnings_fts, 1, '**', '**', '…', 20) as snippet
    from learnings_fts
    join learnings l on l.id = learnings_fts.rowid
    join topics t on t.id = l.topic_id
    where learnings_fts match ${match} and (l.guild_id is null or l.guild_id = ${guildId})
    order by bm25(learnings_fts, 4.0, 1.0)
    limit ${limit}`.execute(db);
  return rows;
}
