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
 * Learners of `role` on the caller's project who are open to pairing, ranked: not already paired
 * with the caller, fewest active partners, closest timezone, most recently active.
 */
export async function rankCandidates(
  db: Db,
  caller: Learner,
  role: Role,
  now: Date,
  limit = 10,
): Promise<Candidate[]> {
  const [learners, pairs] = await Promise.all([
    db
      .selectFrom('learners')
      .selectAll()
      .where('guild_id', '=', caller.guild_id)
      .where('project_slug', '=', caller.project_slug)
      .where('role', '=', role)
      .where('user_id', '!=', caller.user_id)
      .execute(),
    activePairs(db, caller.guild_id),
  ]);
  const partners = (id: string) => pairs.filter((p) => p.backend_id === id || p.frontend_id === id);
  return learners
    .filter((learner) => isOpen(learner, now))
    .map((learner) => {
      const theirs = partners(learner.user_id);
      return {
        learner,
        activePartners: theirs.length,
        pairedWithCaller: theirs.some((p) => partnerOf(p, learner.user_id) === caller.user_id),
        timezoneDistance: timezoneDistanceMinutes(caller.timezone, learner.timezone, now),
      };
    })
    .filter((c) => c.pairedWithCaller || c.activePartners < c.learner.max_partners)
    .sort(
      (a, b) =>
        Number(a.pairedWithCaller) - Number(b.pairedWithCaller) ||
        a.activePartners - b.activePartners ||
        a.timezoneDistance - b.timezoneDistance ||
        b.learner.last_active_at.localeCompare(a.learner.last_active_at) ||
        a.learner.user_id.localeCompare(b.learner.user_id),
    )
    .slice(0, limit);
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
