import type { ExpressionBuilder } from 'kysely';
import { atomically } from '../db/atomic.js';
import type {
  Challenge,
  ChallengeTable,
  Database,
  Db,
  Origin,
  Solution,
  Topic,
} from '../db/schema.js';
import { visibleTo } from '../db/visibility.js';
import { type Provenance, provenanceColumns } from '../ownership.js';
import type { Tags } from './tags.js';

export interface Author {
  id: string;
  name: string;
}

/** Replaces a challenge's topics; the first is its main topic. */
export async function saveTopics(db: Db, challengeId: number, topics: Topic[]): Promise<void> {
  await db.deleteFrom('challenge_topics').where('challenge_id', '=', challengeId).execute();
  if (topics.length === 0) return;
  await db
    .insertInto('challenge_topics')
    .values(
      topics.map((topic, position) => ({
        challenge_id: challengeId,
        topic_id: topic.id,
        position,
      })),
    )
    .execute();
}

/** Every challenge, whatever its origin (member, shipped file, imported document), starts here. */
export async function insertChallenge(
  db: Db,
  record: Provenance & { source: string | null; title: string; body: string; freeTags: string[] },
): Promise<Challenge> {
  const stamp = record.now.toISOString();
  return db
    .insertInto('challenges')
    .values({
      ...provenanceColumns(record),
      source: record.source,
      title: record.title,
      body: record.body,
      free_tags: JSON.stringify(record.freeTags),
      promoted_learning_id: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertSolution(
  db: Db,
  record: Provenance & { challengeId: number; body: string },
): Promise<Solution> {
  return db
    .insertInto('solutions')
    .values({
      challenge_id: record.challengeId,
      ...provenanceColumns(record),
      body: record.body,
      created_at: record.now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Stores a challenge, its tags and (if given) the author's own solution, all or nothing. */
export async function addChallenge(
  db: Db,
  input: {
    guildId: string;
    author: Author;
    title: string;
    body: string;
    solution?: string | undefined;
    tags: Tags;
    now: Date;
  },
): Promise<Challenge> {
  return atomically(db, async (trx) => {
    const record = {
      guildId: input.guildId,
      origin: 'community' as const,
      author: input.author,
      now: input.now,
    };
    const challenge = await insertChallenge(trx, {
      ...record,
      source: null,
      title: input.title,
      body: input.body,
      freeTags: input.tags.free,
    });
    await saveTopics(trx, challenge.id, input.tags.topics);
    if (input.solution)
      await insertSolution(trx, { ...record, challengeId: challenge.id, body: input.solution });
    return challenge;
  });
}

export async function findChallenge(
  db: Db,
  guildId: string,
  id: number,
): Promise<Challenge | undefined> {
  return db
    .selectFrom('challenges')
    .selectAll()
    .where('id', '=', id)
    .where(visibleTo(guildId))
    .executeTakeFirst();
}

/** Every challenge a server sees, oldest first. */
export async function listAllChallenges(db: Db, guildId: string): Promise<Challenge[]> {
  return db.selectFrom('challenges').selectAll().where(visibleTo(guildId)).orderBy('id').execute();
}

/** Drops a challenge's solutions of one origin, e.g. before an import writes its own again. */
export async function removeSolutions(db: Db, challengeId: number, origin: Origin): Promise<void> {
  await db
    .deleteFrom('solutions')
    .where('challenge_id', '=', challengeId)
    .where('origin', '=', origin)
    .execute();
}

export async function editChallenge(
  db: Db,
  id: number,
  changes: { title: string; body: string; tags: Tags; now: Date },
): Promise<void> {
  await atomically(db, async (trx) => {
    await trx
      .updateTable('challenges')
      .set({
        title: changes.title,
        body: changes.body,
        free_tags: JSON.stringify(changes.tags.free),
        updated_at: changes.now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
    await saveTopics(trx, id, changes.tags.topics);
  });
}

/** Removes a challenge with its topics, solutions and votes in one transaction. */
export async function removeChallenge(db: Db, id: number): Promise<void> {
  await atomically(db, async (trx) => {
    const solutions = trx.selectFrom('solutions').select('id').where('challenge_id', '=', id);
    await trx.deleteFrom('solution_votes').where('solution_id', 'in', solutions).execute();
    await trx.deleteFrom('solutions').where('challenge_id', '=', id).execute();
    await trx.deleteFrom('challenge_topics').where('challenge_id', '=', id).execute();
    await trx.deleteFrom('challenges').where('id', '=', id).execute();
  });
}

export async function challengeTopics(db: Db, challengeId: number): Promise<Topic[]> {
  return db
    .selectFrom('challenge_topics')
    .innerJoin('topics', 'topics.id', 'challenge_topics.topic_id')
    .selectAll('topics')
    .where('challenge_topics.challenge_id', '=', challengeId)
    .orderBy('challenge_topics.position')
    .execute();
}

export interface RankedSolution extends Solution {
  helpful: number;
}

/** A challenge's solutions this server can see, most helpful first, then oldest first. */
export async function rankedSolutions(
  db: Db,
  guildId: string,
  challengeId: number,
): Promise<RankedSolution[]> {
  const rows = await db
    .selectFrom('solutions')
    .selectAll('solutions')
    .select((eb) =>
      eb
        .selectFrom('solution_votes')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('solution_votes.solution_id', '=', 'solutions.id')
        .as('helpful'),
    )
    .where('challenge_id', '=', challengeId)
    .where(visibleTo(guildId))
    .execute();
  return rows
    .map((row) => ({ ...row, helpful: Number(row.helpful ?? 0) }))
    .sort((a, b) => b.helpful - a.helpful || a.id - b.id);
}

export async function addSolution(
  db: Db,
  input: { guildId: string; challengeId: number; author: Author; body: string; now: Date },
): Promise<Solution> {
  return insertSolution(db, { ...input, origin: 'community' });
}

export type VoteOutcome =
  | { counted: number /* the challenge's id */ }
  | 'own'
  | 'already'
  | 'not-found';

/** One "This helped" per member and solution; nobody votes for their own. */
export async function voteHelpful(
  db: Db,
  guildId: string,
  solutionId: number,
  voterId: string,
  now: Date,
): Promise<VoteOutcome> {
  const solution = await db
    .selectFrom('solutions')
    .selectAll()
    .where('id', '=', solutionId)
    .where(visibleTo(guildId))
    .executeTakeFirst();
  if (!solution) return 'not-found';
  if (solution.author_id === voterId) return 'own';
  const inserted = await db
    .insertInto('solution_votes')
    .values({ solution_id: solutionId, voter_id: voterId, created_at: now.toISOString() })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1
    ? { counted: solution.challenge_id }
    : 'already';
}

export interface ChallengeFilter {
  topicId?: number | undefined;
  freeTag?: string | undefined;
  authorId?: string | undefined;
  unsolved?: boolean | undefined;
}

export interface ChallengeSummary {
  id: number;
  title: string;
  author_name: string;
  solutions: number;
  helpful: number;
}

/** "This helped" votes on all the solutions of challenge `c`. */
const helpfulVotes = (eb: ExpressionBuilder<Database & { c: ChallengeTable }, 'c'>) =>
  eb
    .selectFrom('solution_votes as v')
    .innerJoin('solutions as s', 's.id', 'v.solution_id')
    .select(eb.fn.countAll<number>().as('n'))
    .whereRef('s.challenge_id', '=', 'c.id');

/** A page of challenges, newest first, with their solution and vote counts. */
export async function listChallenges(
  db: Db,
  guildId: string,
  filter: ChallengeFilter,
  page: { offset: number; limit: number },
): Promise<{ total: number; items: ChallengeSummary[] }> {
  let query = db
    .selectFrom('challenges as c')
    .where((eb) => eb.or([eb('c.guild_id', 'is', null), eb('c.guild_id', '=', guildId)]));
  if (filter.topicId !== undefined) {
    const topicId = filter.topicId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('challenge_topics as ct')
          .select('ct.topic_id')
          .whereRef('ct.challenge_id', '=', 'c.id')
          .where('ct.topic_id', '=', topicId),
      ),
    );
  }
  if (filter.freeTag !== undefined) {
    const tag = filter.freeTag;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom(eb.fn<{ value: string }>('json_each', ['c.free_tags']).as('t'))
          .select('t.value')
          .where('t.value', '=', tag),
      ),
    );
  }
  if (filter.authorId !== undefined) query = query.where('c.author_id', '=', filter.authorId);
  const solutionCount = (eb: ExpressionBuilder<Database & { c: ChallengeTable }, 'c'>) =>
    eb
      .selectFrom('solutions as s')
      .select(eb.fn.countAll<number>().as('n'))
      .whereRef('s.challenge_id', '=', 'c.id')
      .where((e) => e.or([e('s.guild_id', 'is', null), e('s.guild_id', '=', guildId)]));
  if (filter.unsolved) query = query.where((eb) => eb(solutionCount(eb), '=', 0));
  const total = await query
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const items = await query
    .select(['c.id', 'c.title', 'c.author_name'])
    .select((eb) => solutionCount(eb).as('solutions'))
    .select((eb) => helpfulVotes(eb).as('helpful'))
    .orderBy('c.id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return {
    total: Number(total.n),
    items: items.map((item) => ({
      ...item,
      solutions: Number(item.solutions ?? 0),
      helpful: Number(item.helpful ?? 0),
    })),
  };
}

/** How many challenges carry a topic, and the one whose solutions helped most. */
export async function topicChallenges(
  db: Db,
  guildId: string,
  topicId: number,
): Promise<{ count: number; mostHelpful?: { id: number; title: string; helpful: number } }> {
  const rows = await db
    .selectFrom('challenges as c')
    .innerJoin('challenge_topics as ct', 'ct.challenge_id', 'c.id')
    .select(['c.id', 'c.title'])
    .select((eb) => helpfulVotes(eb).as('helpful'))
    .where('ct.topic_id', '=', topicId)
    .where((eb) => eb.or([eb('c.guild_id', 'is', null), eb('c.guild_id', '=', guildId)]))
    .execute();
  const ranked = rows
    .map((r) => ({ id: r.id, title: r.title, helpful: Number(r.helpful ?? 0) }))
    .sort((a, b) => b.helpful - a.helpful || a.id - b.id);
  const [best] = ranked;
  return { count: ranked.length, ...(best ? { mostHelpful: best } : {}) };
}
