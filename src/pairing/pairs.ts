import { sql } from 'kysely';
import { atomically } from '../db/atomic.js';
import type { Db, Learner, Pair, PairRequest, Role } from '../db/schema.js';
import { timezoneDistanceMinutes } from '../timezone.js';
import { getLearner, isOpen } from './projects.js';

export const requestLifetimeMs = 7 * 24 * 60 * 60 * 1000;

export const counterpart = (role: Role): Role => (role === 'backend' ? 'frontend' : 'backend');

export async function activePairs(db: Db, guildId: string, userId?: string): Promise<Pair[]> {
  let query = db
    .selectFrom('pairs')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('status', '=', 'active');
  if (userId !== undefined)
    query = query.where((eb) =>
      eb.or([eb('backend_id', '=', userId), eb('frontend_id', '=', userId)]),
    );
  return query.orderBy('id').execute();
}

export const partnerOf = (pair: Pair, userId: string) =>
  pair.backend_id === userId ? pair.frontend_id : pair.backend_id;

export interface Candidate {
  learner: Learner;
  activePartners: number;
  pairedWithCaller: boolean;
  timezoneDistance: number;
}

/**
 * A window of the learners of `role` on the caller's project who are open to pairing, ranked: not
 * already paired with the caller, fewest active partners, closest timezone, most recently active;
 * with how many there are in all. The ranking runs in SQL, so only a page's rows reach JavaScript
 * however large the project (SQLite still orders every candidate: the order depends on the
 * caller). Only the distances between the project's few distinct timezones are computed here,
 * since offsets follow daylight saving.
 */
export async function rankCandidates(
  db: Db,
  caller: Learner,
  role: Role,
  now: Date,
  window: { offset: number; limit: number },
): Promise<{ total: number; items: Candidate[] }> {
  const [zones, callerPairs] = await Promise.all([
    db
      .selectFrom('learners')
      .select('timezone')
      .distinct()
      .where('guild_id', '=', caller.guild_id)
      .where('project_slug', '=', caller.project_slug)
      .where('role', '=', role)
      .execute(),
    activePairs(db, caller.guild_id, caller.user_id),
  ]);
  if (zones.length === 0) return { total: 0, items: [] };
  const callerPartners = callerPairs.map((p) => partnerOf(p, caller.user_id));
  const distance = sql<number>`case ${sql.ref('l.timezone')} ${sql.join(
    zones.map(
      ({ timezone }) =>
        sql`when ${timezone} then ${timezoneDistanceMinutes(caller.timezone, timezone, now)}`,
    ),
    sql` `,
  )} else 0 end`;
  // A learner's pairs all hold them in their current role: changing role ends them.
  const side = role === 'backend' ? 'backend_id' : 'frontend_id';
  const partnerCounts = db
    .selectFrom('pairs')
    .select([`${side} as user_id`, (eb) => eb.fn.countAll<number>().as('partners')])
    .where('guild_id', '=', caller.guild_id)
    .where('project_slug', '=', caller.project_slug)
    .where('status', '=', 'active')
    .groupBy(side)
    .as('pc');
  const open = db
    .selectFrom('learners as l')
    .leftJoin(partnerCounts, 'pc.user_id', 'l.user_id')
    .where('l.guild_id', '=', caller.guild_id)
    .where('l.project_slug', '=', caller.project_slug)
    .where('l.role', '=', role)
    .where('l.user_id', '!=', caller.user_id)
    // isOpen, as SQL.
    .where((eb) =>
      eb.or([
        eb('l.paused', '=', 0),
        eb.and([
          eb('l.paused_until', 'is not', null),
          eb('l.paused_until', '<=', now.toISOString()),
        ]),
      ]),
    );
  const paired = sql<number>`${sql.ref('l.user_id')} in (${sql.join(callerPartners)})`;
  const pairedWithCaller = callerPartners.length > 0 ? paired : sql<number>`0`;
  const partners = sql<number>`coalesce(${sql.ref('pc.partners')}, 0)`;
  const candidates = open.where((eb) =>
    eb.or([eb(pairedWithCaller, '=', 1), eb(partners, '<', eb.ref('l.max_partners'))]),
  );
  const [counted, rows] = await Promise.all([
    candidates.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    candidates
      .selectAll('l')
      .select([partners.as('active_partners'), pairedWithCaller.as('paired_with_caller')])
      .select(distance.as('timezone_distance'))
      .orderBy('paired_with_caller')
      .orderBy('active_partners')
      .orderBy('timezone_distance')
      .orderBy('l.last_active_at', 'desc')
      .orderBy('l.user_id')
      .limit(window.limit)
      .offset(window.offset)
      .execute(),
  ]);
  return {
    total: Number(counted.n),
    items: rows.map(({ active_partners, paired_with_caller, timezone_distance, ...learner }) => ({
      learner,
      activePartners: Number(active_partners),
      pairedWithCaller: Boolean(paired_with_caller),
      timezoneDistance: Number(timezone_distance),
    })),
  };
}

/** How many active pairs a project has. */
export async function countProjectPairs(db: Db, guildId: string, slug: string): Promise<number> {
  const row = await db
    .selectFrom('pairs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .where('status', '=', 'active')
    .where('project_slug', '=', slug)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A window of a project's active pairs, oldest first, with both members' names. */
export async function projectPairs(
  db: Db,
  guildId: string,
  slug: string,
  window: { offset: number; limit: number },
): Promise<{ backend: string | null; frontend: string | null }[]> {
  return db
    .selectFrom('pairs as p')
    .leftJoin('learners as b', (join) =>
      join.onRef('b.guild_id', '=', 'p.guild_id').onRef('b.user_id', '=', 'p.backend_id'),
    )
    .leftJoin('learners as f', (join) =>
      join.onRef('f.guild_id', '=', 'p.guild_id').onRef('f.user_id', '=', 'p.frontend_id'),
    )
    .select(['b.user_name as backend', 'f.user_name as frontend'])
    .where('p.guild_id', '=', guildId)
    .where('p.status', '=', 'active')
    .where('p.project_slug', '=', slug)
    .orderBy('p.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

/** An active pair, from an accepted request or the weekly round. */
export async function insertPair(
  db: Db,
  pair: {
    guildId: string;
    projectSlug: string;
    backendId: string;
    frontendId: string;
    origin: Pair['origin'];
    now: Date;
  },
): Promise<Pair> {
  return db
    .insertInto('pairs')
    .values({
      guild_id: pair.guildId,
      project_slug: pair.projectSlug,
      backend_id: pair.backendId,
      frontend_id: pair.frontendId,
      status: 'active',
      origin: pair.origin,
      created_at: pair.now.toISOString(),
      ended_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type RequestRefusal =
  | 'not-joined'
  | 'gone'
  | 'other-project'
  | 'same-role'
  | 'already-paired'
  | 'pending'
  | 'full'
  | 'you-full'
  | 'self';

/** Records a pending request from one learner to another on the same project, valid 7 days. */
export async function requestPair(
  db: Db,
  guildId: string,
  fromId: string,
  toId: string,
  now: Date,
): Promise<{ request: PairRequest; from: Learner; to: Learner } | { refused: RequestRefusal }> {
  if (fromId === toId) return { refused: 'self' };
  const [from, to] = await Promise.all([
    getLearner(db, guildId, fromId),
    getLearner(db, guildId, toId),
  ]);
  if (!from) return { refused: 'not-joined' };
  if (!to || !isOpen(to, now)) return { refused: 'gone' };
  if (to.project_slug !== from.project_slug) return { refused: 'other-project' };
  if (to.role === from.role) return { refused: 'same-role' };
  const pairs = await activePairs(db, guildId, toId);
  if (pairs.some((p) => partnerOf(p, toId) === fromId)) return { refused: 'already-paired' };
  if (pairs.length >= to.max_partners) return { refused: 'full' };
  if ((await activePairs(db, guildId, fromId)).length >= from.max_partners)
    return { refused: 'you-full' };
  const pending = await db
    .selectFrom('pair_requests')
    .select('id')
    .where('guild_id', '=', guildId)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now.toISOString())
    .where((eb) =>
      eb.or([
        eb.and([eb('from_id', '=', fromId), eb('to_id', '=', toId)]),
        eb.and([eb('from_id', '=', toId), eb('to_id', '=', fromId)]),
      ]),
    )
    .executeTakeFirst();
  if (pending) return { refused: 'pending' };
  const request = await db
    .insertInto('pair_requests')
    .values({
      guild_id: guildId,
      project_slug: from.project_slug,
      from_id: fromId,
      to_id: toId,
      status: 'pending',
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + requestLifetimeMs).toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { request, from, to };
}

export type AnswerOutcome =
  | { answered: 'accepted'; pair: Pair; from: Learner; to: Learner }
  | { answered: 'declined'; request: PairRequest }
  | { refused: 'not-found' | 'not-yours' | 'expired' | 'answered' | 'gone' | 'full' };

/** Only the requested member answers; accepting makes an active pair if both still can. */
export async function answerRequest(
  db: Db,
  guildId: string,
  requestId: number,
  userId: string,
  accept: boolean,
  now: Date,
): Promise<AnswerOutcome> {
  return atomically(db, async (trx) => {
    const request = await trx
      .selectFrom('pair_requests')
      .selectAll()
      .where('guild_id', '=', guildId)
      .where('id', '=', requestId)
      .executeTakeFirst();
    if (!request) return { refused: 'not-found' };
    if (request.to_id !== userId) return { refused: 'not-yours' };
    if (request.status !== 'pending')
      return { refused: request.status === 'expired' ? 'expired' : 'answered' };
    const setStatus = (status: PairRequest['status']) =>
      trx.updateTable('pair_requests').set({ status }).where('id', '=', requestId).execute();
    if (request.expires_at <= now.toISOString()) {
      await setStatus('expired');
      return { refused: 'expired' };
    }
    if (!accept) {
      await setStatus('declined');
      return { answered: 'declined', request };
    }
    const [from, to] = await Promise.all([
      getLearner(trx, guildId, request.from_id),
      getLearner(trx, guildId, request.to_id),
    ]);
    if (
      !from ||
      !to ||
      from.project_slug !== request.project_slug ||
      to.project_slug !== request.project_slug ||
      from.role === to.role
    ) {
      await setStatus('expired');
      return { refused: 'gone' };
    }
    for (const learner of [from, to]) {
      if ((await activePairs(trx, guildId, learner.user_id)).length >= learner.max_partners)
        return { refused: 'full' };
    }
    const backend = from.role === 'backend' ? from : to;
    const frontend = from.role === 'backend' ? to : from;
    const pair = await insertPair(trx, {
      guildId,
      projectSlug: request.project_slug,
      backendId: backend.user_id,
      frontendId: frontend.user_id,
      origin: 'request',
      now,
    });
    await setStatus('accepted');
    return { answered: 'accepted', pair, from, to };
  });
}

export async function findPair(db: Db, guildId: string, pairId: number): Promise<Pair | undefined> {
  return db
    .selectFrom('pairs')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('id', '=', pairId)
    .executeTakeFirst();
}

export const isMemberOf = (pair: Pair, userId: string) =>
  pair.backend_id === userId || pair.frontend_id === userId;

/** A pair's own members may end it. */
export async function endPair(
  db: Db,
  guildId: string,
  pairId: number,
  userId: string,
  now: Date,
): Promise<Pair | 'not-found' | 'not-yours'> {
  const pair = await findPair(db, guildId, pairId);
  if (pair?.status !== 'active') return 'not-found';
  if (!isMemberOf(pair, userId)) return 'not-yours';
  await db
    .updateTable('pairs')
    .set({ status: 'ended', ended_at: now.toISOString() })
    .where('id', '=', pairId)
    .execute();
  return pair;
}
