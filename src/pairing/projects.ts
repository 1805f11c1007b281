import { distance } from 'fastest-levenshtein';
import { atomically } from '../db/atomic.js';
import type { Db, Learner, Project, Role } from '../db/schema.js';
import { slugify } from '../text.js';

export interface JoinInput {
  guildId: string;
  user: { id: string; name: string };
  projectName: string;
  role: Role;
  repo?: string | undefined;
  apiDocs?: string | undefined;
  timezone?: string | undefined;
  maxPartners?: number | undefined;
  defaultTimezone: string;
  now: Date;
}

export interface JoinResult {
  learner: Learner;
  project: Project;
  created: boolean;
  /** Set when the member was already on a project: this is an update. */
  previous?: Learner | undefined;
}

/**
 * One project and one role per member per server: joining again moves and updates the member,
 * keeping links and settings they do not give again.
 */
export async function joinProject(db: Db, input: JoinInput): Promise<JoinResult> {
  const slug = slugify(input.projectName);
  const stamp = input.now.toISOString();
  return atomically(db, async (trx) => {
    let project = await trx
      .selectFrom('projects')
      .selectAll()
      .where('guild_id', '=', input.guildId)
      .where('slug', '=', slug)
      .executeTakeFirst();
    const created = !project;
    if (!project) {
      project = {
        guild_id: input.guildId,
        slug,
        name: input.projectName.trim().replace(/\s+/g, ' '),
        created_at: stamp,
      };
      await trx.insertInto('projects').values(project).execute();
    }
    const previous = await getLearner(trx, input.guildId, input.user.id);
    const values = {
      user_name: input.user.name,
      project_slug: slug,
      role: input.role,
      repo: input.repo ?? previous?.repo ?? null,
      api_docs: input.apiDocs ?? previous?.api_docs ?? null,
      timezone: input.timezone ?? previous?.timezone ?? input.defaultTimezone,
      max_partners: input.maxPartners ?? previous?.max_partners ?? 1,
      last_active_at: stamp,
    };
    if (previous && (previous.project_slug !== slug || previous.role !== input.role)) {
      // Pairs belong to a project and a role; moving away ends them.
      await endPairsOf(trx, input.guildId, input.user.id, input.now);
    }
    const learner = previous
      ? await trx
          .updateTable('learners')
          .set(values)
          .where('guild_id', '=', input.guildId)
          .where('user_id', '=', input.user.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('learners')
          .values({
            ...values,
            guild_id: input.guildId,
            user_id: input.user.id,
            paused: 0,
            paused_until: null,
            joined_at: stamp,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    return { learner, project, created, previous };
  });
}

export async function endPairsOf(
  db: Db,
  guildId: string,
  userId: string,
  now: Date,
): Promise<number> {
  const ended = await db
    .updateTable('pairs')
    .set({ status: 'ended', ended_at: now.toISOString() })
    .where('guild_id', '=', guildId)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('backend_id', '=', userId), eb('frontend_id', '=', userId)]))
    .executeTakeFirst();
  return Number(ended.numUpdatedRows);
}

/** Leaving ends the member's pairs and withdraws their pending requests. */
export async function leaveProject(
  db: Db,
  guildId: string,
  userId: string,
  now: Date,
): Promise<Learner | undefined> {
  return atomically(db, async (trx) => {
    const learner = await getLearner(trx, guildId, userId);
    if (!learner) return undefined;
    await endPairsOf(trx, guildId, userId, now);
    await trx
      .updateTable('pair_requests')
      .set({ status: 'expired' })
      .where('guild_id', '=', guildId)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('from_id', '=', userId), eb('to_id', '=', userId)]))
      .execute();
    await trx
      .deleteFrom('learners')
      .where('guild_id', '=', guildId)
      .where('user_id', '=', userId)
      .execute();
    return learner;
  });
}

export async function getLearner(
  db: Db,
  guildId: string,
  userId: string,
): Promise<Learner | undefined> {
  return db
    .selectFrom('learners')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function guildLearners(db: Db, guildId: string): Promise<Learner[]> {
  return db.selectFrom('learners').selectAll().where('guild_id', '=', guildId).execute();
}

/** Project slug to display name, for a server. */
export async function projectNames(db: Db, guildId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('projects')
    .select(['slug', 'name'])
    .where('guild_id', '=', guildId)
    .execute();
  return new Map(rows.map((p) => [p.slug, p.name]));
}

export async function touchLearner(
  db: Db,
  guildId: string,
  userId: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('learners')
    .set({ last_active_at: now.toISOString() })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

export async function findProject(
  db: Db,
  guildId: string,
  name: string,
): Promise<Project | undefined> {
  return db
    .selectFrom('projects')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('slug', '=', slugify(name))
    .executeTakeFirst();
}

/** Existing projects whose name is a short edit from, or contains, the one typed. */
export async function closeProjects(
  db: Db,
  guildId: string,
  name: string,
  limit = 3,
): Promise<Project[]> {
  const wanted = slugify(name);
  const projects = await db
    .selectFrom('projects')
    .selectAll()
    .where('guild_id', '=', guildId)
    .execute();
  return projects
    .filter((p) => p.slug !== wanted)
    .map((project) => ({ project, score: distance(project.slug, wanted) }))
    .filter(
      ({ project, score }) =>
        score <= Math.max(2, Math.floor(wanted.length / 4)) ||
        (wanted.length >= 3 && (project.slug.includes(wanted) || wanted.includes(project.slug))),
    )
    .sort((a, b) => a.score - b.score || a.project.name.localeCompare(b.project.name))
    .slice(0, limit)
    .map(({ project }) => project);
}

export interface ProjectSummary {
  slug: string;
  name: string;
  backend: number;
  frontend: number;
}

/** Projects with their member counts by role, largest first; projects nobody is on are left out. */
export async function listProjects(db: Db, guildId: string): Promise<ProjectSummary[]> {
  const rows = await db
    .selectFrom('projects as p')
    .innerJoin('learners as l', (join) =>
      join.onRef('l.guild_id', '=', 'p.guild_id').onRef('l.project_slug', '=', 'p.slug'),
    )
    .select(['p.slug', 'p.name'])
    .select((eb) => [
      eb.fn
        .sum<number>(eb.case().when('l.role', '=', 'backend').then(1).else(0).end())
        .as('backend'),
      eb.fn
        .sum<number>(eb.case().when('l.role', '=', 'frontend').then(1).else(0).end())
        .as('frontend'),
    ])
    .where('p.guild_id', '=', guildId)
    .groupBy(['p.slug', 'p.name'])
    .execute();
  return rows
    .map((row) => ({ ...row, backend: Number(row.backend), frontend: Number(row.frontend) }))
    .sort(
      (a, b) => b.backend + b.frontend - (a.backend + a.frontend) || a.name.localeCompare(b.name),
    );
}

/** How many members a project has in each role (read from the index alone). */
export async function roleCounts(
  db: Db,
  guildId: string,
  slug: string,
): Promise<Record<Role, number>> {
  const rows = await db
    .selectFrom('learners')
    .select(['role', (eb) => eb.fn.countAll<number>().as('members')])
    .where('guild_id', '=', guildId)
    .where('project_slug', '=', slug)
    .groupBy('role')
    .execute();
  const counts = { backend: 0, frontend: 0 };
  for (const row of rows) counts[row.role] = Number(row.members);
  return counts;
}

/**
 * A window of a project's members in one role, by name (then id, so members of the same name
 * keep their places from one page to the next).
 */
export async function roleMembers(
  db: Db,
  guildId: string,
  slug: string,
  role: Role,
  window: { offset: number; limit: number },
): Promise<Learner[]> {
  return db
    .selectFrom('learners')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('project_slug', '=', slug)
    .where('role', '=', role)
    .orderBy('user_name')
    .orderBy('user_id')
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

/** Out of matching, indefinitely or until a moment; a dated pause ends by itself. */
export async function setPaused(
  db: Db,
  guildId: string,
  userId: string,
  until: Date | null | false,
): Promise<boolean> {
  const result = await db
    .updateTable('learners')
    .set({ paused: until === false ? 0 : 1, paused_until: until ? until.toISOString() : null })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function isOpen(learner: Learner, now: Date): boolean {
  if (!learner.paused) return true;
  return learner.paused_until !== null && learner.paused_until <= now.toISOString();
}
