import { sql } from 'kysely';
import type { Db } from '../db/schema.js';
import { visibleInSql } from '../db/visibility.js';
import { type SearchIndex, type SearchResult, search } from '../search/fts.js';

export interface ChallengeHit {
  id: number;
  title: string;
  snippet: string;
  solutions: number;
}

const challengesIndex: SearchIndex = {
  table: 'challenges_fts',
  documents: 'challenges',
  weights: [4, 2, 1],
};

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
  return search(db, challengesIndex, guildId, text, limit, async (top) => {
    const { rows } = await sql<Omit<ChallengeHit, 'snippet'> & { body: string }>`
      select c.id, c.title, c.body,
        (select count(*) from solutions s
          where s.challenge_id = c.id and ${visibleInSql(guildId)}) as solutions
      from (${top}) as top
      cross join challenges c on c.id = top.id
      order by top.score, top.key desc`.execute(db);
    return rows;
  });
}
