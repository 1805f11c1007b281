import { sql } from 'kysely';
import type { Db } from '../db/schema.js';
import { type SearchIndex, type SearchResult, search } from '../search/fts.js';

export interface LearningHit {
  id: number;
  topicId: number;
  topicName: string;
  topicSlug: string;
  title: string;
  snippet: string;
}

const learningsIndex: SearchIndex = {
  table: 'learnings_fts',
  documents: 'learnings',
  weights: [4, 1],
};

/** The learnings a server can see, titles weighing more than bodies. */
export function searchLearnings(
  db: Db,
  guildId: string,
  text: string,
  limit = 10,
): Promise<SearchResult<LearningHit>> {
  return search(db, learningsIndex, guildId, text, limit, async (top) => {
    const { rows } = await sql<Omit<LearningHit, 'snippet'> & { body: string }>`
      select l.id, l.topic_id as topicId, t.name as topicName, t.slug as topicSlug, l.title, l.body
      from (${top}) as top
      cross join learnings l on l.id = top.id
      join topics t on t.id = l.topic_id
      order by top.score, top.key desc`.execute(db);
    return rows;
  });
}
