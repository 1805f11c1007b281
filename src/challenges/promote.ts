import { atomically } from '../db/atomic.js';
import type { Db, Learning } from '../db/schema.js';
import { insertLearning } from '../learnings/learnings.js';
import { challengeTopics, findChallenge, rankedSolutions } from './challenges.js';

export type PromoteOutcome =
  | { promoted: true; learning: Learning; topicName: string }
  | { promoted: false; reason: 'not-found' | 'no-topic' | 'no-solution' }
  | { promoted: false; reason: 'already'; learningId: number };

/**
 * Turns a challenge's most helpful solution into a learning under its main topic, crediting
 * whoever raised the challenge and whoever solved it, and links the two both ways.
 */
export async function promoteChallenge(
  db: Db,
  guildId: string,
  challengeId: number,
  now: Date,
): Promise<PromoteOutcome> {
  return atomically(db, async (trx) => {
    const challenge = await findChallenge(trx, guildId, challengeId);
    if (!challenge) return { promoted: false, reason: 'not-found' };
    if (challenge.promoted_learning_id !== null) {
      return { promoted: false, reason: 'already', learningId: challenge.promoted_learning_id };
    }
    const [topic] = await challengeTopics(trx, challengeId);
    if (!topic) return { promoted: false, reason: 'no-topic' };
    const [best] = await rankedSolutions(trx, guildId, challengeId);
    if (!best) return { promoted: false, reason: 'no-solution' };
    const learning = await insertLearning(trx, {
      guildId,
      origin: 'community',
      author: { id: best.author_id, name: best.author_name },
      now,
      topicId: topic.id,
      source: `challenge:${challengeId}`,
      title: challenge.title,
      body: `${best.body}\n\n*From challenge #${challengeId}, raised by ${challenge.author_name}; solution by ${best.author_name}.*`,
    });
    await trx
      .updateTable('challenges')
      .set({ promoted_learning_id: learning.id })
      .where('id', '=', challengeId)
      .execute();
    return { promoted: true, learning, topicName: topic.name };
  });
}
