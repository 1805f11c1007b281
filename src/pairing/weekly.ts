/**
 * The weekly round against the database, without holding the event loop: its inputs are read in
 * chunks (round-reads.ts), it is planned in a worker thread (round-thread.ts), and its pairs are
 * written in a short transaction that first checks that nothing the plan read has changed.
 */

import { atomically } from '../db/atomic.js';
import type { Db } from '../db/schema.js';
import type { RoundObjective } from './objective.js';
import { nextTurn, pairingRevision, readRoundSource } from './round-reads.js';
import { planRoundOffThread } from './round-thread.js';

export interface ProposedPair {
  projectSlug: string;
  project: string;
  backendId: string;
  backend: string;
  frontendId: string;
  frontend: string;
}

export interface RoundPlan {
  pairs: ProposedPair[];
  /** Names of learners open to pairing who end the round without a partner. */
  unmatched: string[];
}

/**
 * A round planned for a server at an instant, and what committing it checks. Its pairs are the
 * optimum for what was read at that instant (repeats and time-zone distances as of then).
 */
export interface WeeklyRound extends RoundPlan {
  objective: RoundObjective;
  /** The server's pairing revision before the round's inputs were read. */
  revision: number;
  /** The round holds for an instant in [openSince, openUntil) (ms): the same learners are open. */
  openSince: number;
  openUntil: number;
}

/**
 * Pairs handled between two turns of the event loop: named, or inserted in one statement (8 values
 * a row, well within SQLite's 32,766).
 */
const pairsPerTurn = 1000;

/** Reads the round's inputs in chunks and plans the round off the event loop; writes nothing. */
export async function planWeeklyRound(db: Db, guildId: string, now: Date): Promise<WeeklyRound> {
  const source = await readRoundSource(db, guildId, now);
  const result = await planRoundOffThread(source.input);
  // Every id the round returns is one of the learners read.
  const learner = (id: string) => source.learners.get(id) as { name: string; project: string };
  const pairs: ProposedPair[] = [];
  for (const { backendId, frontendId } of result.pairs) {
    const backend = learner(backendId);
    pairs.push({
      projectSlug: backend.project,
      project: source.projectNames.get(backend.project) ?? backend.project,
      backendId,
      backend: backend.name,
      frontendId,
      frontend: learner(frontendId).name,
    });
    if (pairs.length % pairsPerTurn === 0) await nextTurn();
  }
  return {
    pairs,
    unmatched: result.unmatched.map((id) => learner(id).name),
    objective: result.objective,
    revision: source.revision,
    openSince: source.openSince,
    openUntil: source.openUntil,
  };
}

/**
 * Forms `round`'s pairs at `now`, in the caller's transaction (or its own): 'stale', writing
 * nothing, if any learner or pair the round read has changed since, or if a dated pause has ended
 * in between; plan again then. Pairs go in by batches of many rows, a turn of the event loop apart.
 */
export async function commitWeeklyRound(
  db: Db,
  guildId: string,
  round: WeeklyRound,
  now: Date,
): Promise<ProposedPair[] | 'stale'> {
  const at = now.getTime();
  if (at < round.openSince || at >= round.openUntil) return 'stale';
  return atomically(db, async (trx) => {
    if ((await pairingRevision(trx, guildId)) !== round.revision) return 'stale';
    const createdAt = now.toISOString();
    for (let k = 0; k < round.pairs.length; k += pairsPerTurn) {
      if (k > 0) await nextTurn();
      await trx
        .insertInto('pairs')
        .values(
          round.pairs.slice(k, k + pairsPerTurn).map((pair) => ({
            guild_id: guildId,
            project_slug: pair.projectSlug,
            backend_id: pair.backendId,
            frontend_id: pair.frontendId,
            status: 'active' as const,
            origin: 'round' as const,
            created_at: createdAt,
            ended_at: null,
          })),
        )
        .execute();
    }
    return round.pairs;
  });
}

/** What the weekly round would pair now, with names for display; nothing is written. */
export async function previewRound(db: Db, guildId: string, now: Date): Promise<RoundPlan> {
  const { pairs, unmatched } = await planWeeklyRound(db, guildId, now);
  return { pairs, unmatched };
}
