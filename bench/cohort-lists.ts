import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db, Learner, Role } from '../src/db/schema.js';
import type { RouterResult } from '../src/discord/router.js';
import type { Actor } from '../src/interaction/command.js';
import type { Message } from '../src/interaction/message.js';
import { createNexusRouter } from './bots.js';
import { benchGuildId } from './corpus.js';
import type { SuiteResult } from './report.js';
import { seededRandom, summarize, timeEach } from './stats.js';

const learners = 10_000;
/** A quarter of the backend learners paired with a quarter of the frontend ones. */
const pairs = 2_500;
const callsEach = 1_000;
/** The baseline reads the whole project on every call, so it runs fewer times. */
const baselineCalls = 200;
const goalMs = 20;
const project = { slug: 'cohort-capstone', name: 'Cohort Capstone' };
const zones = [
  'Africa/Lagos',
  'Africa/Nairobi',
  'Africa/Cairo',
  'Europe/London',
  'Asia/Kolkata',
  'America/New_York',
  'Asia/Tokyo',
  'UTC',
];
/** Rows per INSERT: 14 columns each stays well under SQLite's 32,766 bound parameters. */
const insertChunk = 500;

/**
 * One capstone project of 10,000 learners (backend and frontend alternately, names in no
 * particular order against the insert order, links of ordinary length) and 2,500 active pairs,
 * inserted in one transaction.
 */
async function buildCohort(db: Db, now: Date): Promise<Learner[]> {
  const random = seededRandom(13);
  // Names shuffled against the rowid order, so listing by name cannot lean on the insert order.
  const numbers = Array.from({ length: learners }, (_, i) => i);
  for (let i = numbers.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [numbers[i], numbers[j]] = [numbers[j] as number, numbers[i] as number];
  }
  const rows: Learner[] = numbers.map((number, i) => {
    const role: Role = i % 2 === 0 ? 'backend' : 'frontend';
    const name = `learner${String(number).padStart(5, '0')}`;
    const stamp = new Date(now.getTime() - Math.floor(random() * 28 * 86_400_000)).toISOString();
    return {
      guild_id: benchGuildId,
      user_id: String(1_600_000_000_000_000_000n + BigInt(i)),
      user_name: name,
      project_slug: project.slug,
      role,
      repo: `https://github.com/${name}/alx-capstone-${role}`,
      api_docs: role === 'backend' ? `https://${name}.example.dev/api/docs/` : null,
      timezone: zones[Math.floor(random() * zones.length)] as string,
      max_partners: 1 + Math.floor(random() * 3),
      paused: 0,
      paused_until: null,
      joined_at: stamp,
      last_active_at: stamp,
    };
  });
  const backend = rows.filter((l) => l.role === 'backend');
  const frontend = rows.filter((l) => l.role === 'frontend');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('projects')
      .values({ guild_id: benchGuildId, ...project, created_at: now.toISOString() })
      .execute();
    for (let i = 0; i < rows.length; i += insertChunk)
      await trx
        .insertInto('learners')
        .values(rows.slice(i, i + insertChunk))
        .execute();
    const formed = backend.slice(0, pairs).map((b, i) => ({
      guild_id: benchGuildId,
      project_slug: project.slug,
      backend_id: b.user_id,
      frontend_id: (frontend[i] as Learner).user_id,
      status: 'active' as const,
      origin: 'round' as const,
      created_at: now.toISOString(),
      ended_at: null,
    }));
    for (let i = 0; i < formed.length; i += insertChunk)
      await trx
        .insertInto('pairs')
        .values(formed.slice(i, i + insertChunk))
        .execute();
  });
  return rows;
}

/** `calls` timed calls, after a tenth as many unmeasured ones for SQLite's page cache and the JIT. */
async function measure(subject: string, run: () => Promise<unknown>, calls = callsEach) {
  await timeEach(Array.from({ length: calls / 10 }), run);
  return summarize(subject, await timeEach(Array.from({ length: calls }), run));
}

function messageOf(result: RouterResult, title: string): Message {
  const message = result.type === 'reply' || result.type === 'update' ? result.message : undefined;
  if (message?.embeds?.[0]?.title !== title)
    throw new Error(`unexpected answer: ${JSON.stringify(result).slice(0, 300)}`);
  return message;
}

const nextButton = (message: Message) =>
  message.buttons?.flat().find((b) => b.label.startsWith('Next') && !b.disabled);

/**
 * /project show over a project of 10,000 learners through the real router: the first page, and a
 * middle page reached with Next; /pair for a backend learner, first and middle page, alongside.
 * Returns the figures for a "Cohort" suite.
 */
export async function measureCohortLists(): Promise<Omit<SuiteResult, 'suite' | 'title'>> {
  const dir = mkdtempSync(join(tmpdir(), 'nexus-bench-cohort-'));
  const { db, router, close } = await createNexusRouter(join(dir, 'nexus.db'));
  try {
    const rows = await buildCohort(db, new Date());
    // An unpaired backend learner; Manage Server exempts them from the per-member rate limit,
    // which would otherwise refuse a loop of calls, and changes nothing else on these paths.
    const caller = rows.filter((l) => l.role === 'backend')[pairs] as Learner;
    const actor: Actor = {
      id: caller.user_id,
      name: caller.user_name,
      permissions: new Set(['ManageGuild']),
    };
    const origin = { guildId: benchGuildId, channelId: '1600000000000000001', actor };
    const show = async () =>
      messageOf(
        await router.handle({
          ...origin,
          kind: 'command',
          command: 'project',
          path: 'show',
          options: { name: project.name },
        }),
        project.name,
      );
    const press = async (customId: string, title: string) =>
      messageOf(await router.handle({ ...origin, kind: 'button', customId }), title);
    const pair = async () =>
      messageOf(
        await router.handle({ ...origin, kind: 'command', command: 'pair', path: '', options: {} }),
        'Frontend learners on your project',
      );

    // Next, page after page, to the first page past the middle of the list's 12,500 lines.
    const lines = learners + pairs;
    const first = await show();
    let middleId = '';
    let presses = 0;
    for (let page = first; !middleId; presses++) {
      const next = nextButton(page);
      if (!next) throw new Error('/project show ended before the middle of the list');
      if (Number(next.customId.split(':')[3]) >= lines / 2) middleId = next.customId;
      else page = await press(next.customId, project.name);
    }
    const middle = await press(middleId, project.name);

    const firstPair = await pair();
    const pairPages = Number(/page 1\/(\d+)/.exec(firstPair.embeds?.[0]?.footer ?? '')?.[1]);
    const middlePairId = `pair:page:frontend:${Math.floor(pairPages / 2)}`;
    const pairTitle = 'Frontend learners on your project';

    const showFirst = await measure('/project show, first page', show);
    const showMiddle = await measure('/project show, middle page (its Next button)', () =>
      press(middleId, project.name),
    );
    // The dearest page to read: the last backend members, where the sort by name keeps the most.
    const backendEndId = `project:show:${project.slug}:${learners / 2 - 20}`;
    const showBackendEnd = await measure('/project show, last page of the backend members', () =>
      press(backendEndId, project.name),
    );
    const pairFirst = await measure('/pair, first page of candidates', pair);
    const pairMiddle = await measure('/pair, middle page of candidates (its button)', () =>
      press(middlePairId, pairTitle),
    );

    // What /project show read before it paged: every member of the project and every active pair.
    const readEverything = () =>
      Promise.all([
        db
          .selectFrom('learners')
          .selectAll()
          .where('guild_id', '=', benchGuildId)
          .where('project_slug', '=', project.slug)
          .orderBy('role')
          .orderBy('user_name')
          .execute(),
        db
          .selectFrom('pairs')
          .selectAll()
          .where('guild_id', '=', benchGuildId)
          .where('status', '=', 'active')
          .execute(),
      ]);
    const baseline = await measure(
      'reading the whole project (the query /project show ran before paging)',
      readEverything,
      baselineCalls,
    );

    const linesOn = (message: Message) =>
      (message.embeds?.[0]?.fields ?? []).reduce((sum, f) => sum + f.value.split('\n').length, 0);
    const bytes = (message: Message) => Buffer.byteLength(JSON.stringify(message));
    const count = (value: number) => value.toLocaleString('en');
    return {
      timings: [showFirst, showMiddle, showBackendEnd, pairFirst, pairMiddle, baseline],
      values: [
        { name: 'learners in the project', value: learners, unit: '' },
        { name: 'active pairs in the project', value: pairs, unit: '' },
        { name: 'lines on the first /project show page', value: linesOn(first), unit: '' },
        { name: 'lines on the middle /project show page', value: linesOn(middle), unit: '' },
        { name: 'Next presses from the first page to the middle', value: presses, unit: '' },
        { name: 'size of the first page as JSON', value: bytes(first), unit: 'bytes' },
        { name: 'pages of /pair candidates for the caller', value: pairPages, unit: '' },
      ],
      ratios: [
        {
          name: '/project show first page p50 ÷ reading the whole project p50',
          value: showFirst.p50 / baseline.p50,
        },
      ],
      goals: [
        {
          goal: `/project show first page p99 < ${goalMs} ms at ${count(learners)} learners`,
          actual: `${showFirst.p99.toFixed(2)} ms`,
          met: showFirst.p99 < goalMs,
        },
        {
          goal: `/project show middle page p99 < ${goalMs} ms at ${count(learners)} learners`,
          actual: `${showMiddle.p99.toFixed(2)} ms`,
          met: showMiddle.p99 < goalMs,
        },
        {
          goal: `/project show last backend page p99 < ${goalMs} ms at ${count(learners)} learners`,
          actual: `${showBackendEnd.p99.toFixed(2)} ms`,
          met: showBackendEnd.p99 < goalMs,
        },
      ],
      notes: [
        `A temporary SQLite file is prepared with \`prepareDatabase\` (real migrations, shipped data), then one project of ${count(learners)} learners (backend and frontend alternately, each with a repo link and the backend ones with an API docs link, names shuffled against the insert order, eight time zones, 1–3 partners wanted) and ${count(pairs)} active pairs are inserted in one transaction, ${insertChunk} rows per INSERT. Every call goes through the real router (\`createNexusRouter\`, as the latency suite builds it), one at a time, ${count(callsEach)} calls each after ${count(callsEach / 10)} unmeasured ones; the caller holds Manage Server, which only exempts it from the per-member rate limit, so a loop of calls is not refused.`,
        `/project show lists the backend members, then the frontend members, then the active pairs, as one list of ${count(lines)} lines: a page holds up to 20 lines and 4,000 characters of them, split into fields of at most 1,024, and its start travels in the Next and Previous customIds. A page runs two counts (members by role, over the index alone; the project's pairs), then reads the lines around its start (the 20 before it, to know where Previous starts, and the 20 from it) with LIMIT/OFFSET by name. The middle page is the first one whose start is past line ${count(lines / 2)}, reached by pressing Next ${count(presses)} times from the first page; its button is then pressed again and again, and so is a button starting at line ${count(learners / 2 - 20)}, the last backend members. The index learners_role_by_name (guild, project, role, name, id) serves each page in name order, so a later page walks its offset in the index rather than sorting the role's ${count(learners / 2)} members (p50 ${showFirst.p50.toFixed(2)} ms for the first page, ${showMiddle.p50.toFixed(2)} ms for the middle one, ${showBackendEnd.p50.toFixed(2)} ms for the last backend page).`,
        `/pair ranks in SQL: the caller's candidates (the other role, open to pairing, a free partner slot) ordered by partner count, time-zone distance (computed for the project's distinct zones and passed in a CASE), last activity and id, counted and read a page of ten at a time; the middle page (${Math.floor(pairPages / 2) + 1} of ${pairPages}) is pressed through its customId. Each call also records the caller's activity (one UPDATE). Baseline: the query /project show ran before it paged, every member of the project and every active pair read into memory, ${baselineCalls} calls after ${baselineCalls / 10} unmeasured ones (p50 ${baseline.p50.toFixed(2)} ms).`,
      ],
    };
  } finally {
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}
