import type { Db } from '../db/schema.js';
import { activePairs, insertPair } from './pairs.js';
import { guildLearners, isOpen, projectNames } from './projects.js';
import { planRound, REPEAT_WINDOW_MS, type RoundInput } from './round.js';

const weekMs = 7 * 24 * 60 * 60 * 1000;

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

/** The round's inputs as stored: open learners, active pairs, and pairs formed in the last 4 weeks. */
async function roundInput(db: Db, guildId: string, now: Date) {
  const [learners, projects, active, recent] = await Promise.all([
    guildLearners(db, guildId),
    projectNames(db, guildId),
    activePairs(db, guildId),
    db
      .selectFrom('pairs')
      .select(['backend_id', 'frontend_id', 'created_at'])
      .where('guild_id', '=', guildId)
      .where('created_at', '>=', new Date(now.getTime() - REPEAT_WINDOW_MS).toISOString())
      .execute(),
  ]);
  const open = learners.filter((learner) => isOpen(learner, now));
  const input: RoundInput = {
    learners: open.map((l) => ({
      id: l.user_id,
      project: l.project_slug,
      role: l.role,
      maxPartners: l.max_partners,
      timezone: l.timezone,
    })),
    activePairs: active.map((p) => ({ backendId: p.backend_id, frontendId: p.frontend_id })),
    history: recent.map((p) => ({
      backendId: p.backend_id,
      frontendId: p.frontend_id,
      formedAt: new Date(p.created_at),
    })),
    now,
    // The same week always proposes the same round, so a preview matches what the sync-up runs.
    seed: Math.floor(now.getTime() / weekMs),
  };
  return {
    input,
    names: new Map(learners.map((l) => [l.user_id, l.user_name])),
    projectNames: projects,
  };
}

/** What the weekly round would pair now, with names for display; nothing is written. */
export async function previewRound(db: Db, guildId: string, now: Date): Promise<RoundPlan> {
  const { input, names, projectNames } = await roundInput(db, guildId, now);
  const result = planRound(input);
  const project = new Map(input.learners.map((l) => [l.id, l.project]));
  return {
    pairs: result.pairs.map((pair) => {
      const slug = project.get(pair.backendId) ?? '';
      return {
        projectSlug: slug,
        project: projectNames.get(slug) ?? slug,
        backendId: pair.backendId,
        backend: names.get(pair.backendId) ?? pair.backendId,
        frontendId: pair.frontendId,
        frontend: names.get(pair.frontendId) ?? pair.frontendId,
      };
    }),
    unmatched: result.unmatched.map((id) => names.get(id) ?? id),
  };
}

/** Runs the week's round: forms its pairs and returns them. */
export async function formRound(db: Db, guildId: string, now: Date): Promise<ProposedPair[]> {
  const plan = await previewRound(db, guildId, now);
  for (const pair of plan.pairs) {
    await insertPair(db, {
      guildId,
      projectSlug: pair.projectSlug,
      backendId: pair.backendId,
      frontendId: pair.frontendId,
      origin: 'round',
      now,
    });
  }
  return plan.pairs;
}
