import { escapeMarkdown } from 'discord.js';
import type { Learner, Project, Role } from '../../src/db/schema.js';
import type { Context } from '../../src/interaction/command.js';
import { componentId, position, word } from '../../src/interaction/component-id.js';
import { brandColor, type Message } from '../../src/interaction/message.js';
import {
  type Fit,
  fromArray,
  type PagePlace,
  pageButtons,
  placeParts,
  readPage,
  runFields,
  runHeading,
  type Section,
  sectionButtons,
  sectionedPage,
  sectionOf,
} from '../../src/interaction/paginate.js';
import { countProjectPairs, projectPairs } from '../../src/pairing/pairs.js';
import { isOpen, listProjects, roleCounts, roleMembers } from '../../src/pairing/projects.js';
import { previewRound } from '../../src/pairing/weekly.js';
import { truncate } from '../../src/text.js';
import { links } from '../common/pairing.js';

const projectsPerPage = 10;

/** A page of the project list. */
export const listPageId = componentId('project', 'list', { page: position });
/** A page of one project, by slug (a project name of 60 characters at most, slugified). */
export const showId = componentId('project', 'show', { slug: word(64), ...placeParts });
/** A page of the round preview. */
export const roundPageId = componentId('project', 'round', placeParts);

export const joinHint = 'Join one with /project join name:<project> role:<backend|frontend>.';

/**
 * A page of a project holds at most 20 lines and 4,000 characters of them: with the field names,
 * title and footer that stays under Discord's 6,000 per message however long members' links are.
 */
const projectPage: Fit = { most: 20, budget: 4000 };

/** A project's backend members, frontend members and active pairs, one page at a time. */
export async function projectView(
  ctx: Context,
  project: Project,
  place: PagePlace,
): Promise<Message> {
  const [counts, pairCount] = await Promise.all([
    roleCounts(ctx.db, ctx.guildId, project.slug),
    countProjectPairs(ctx.db, ctx.guildId, project.slug),
  ]);
  const now = ctx.now();
  const line = (m: Learner) =>
    `**${escapeMarkdown(m.user_name)}** · ${m.timezone} · ${links(m)}${isOpen(m, now) ? '' : ' · paused'}`;
  const members = (role: Role, heading: string): Section => ({
    heading: `${heading} (${counts[role]})`,
    count: counts[role],
    empty: 'Nobody yet',
    lines: async (offset, limit) =>
      (await roleMembers(ctx.db, ctx.guildId, project.slug, role, { offset, limit })).map(line),
  });
  const name = (userName: string | null) => escapeMarkdown(userName ?? 'someone');
  const pairs: Section = {
    heading: `Active pairs (${pairCount})`,
    count: pairCount,
    empty: 'None yet: try /pair',
    lines: async (offset, limit) =>
      (await projectPairs(ctx.db, ctx.guildId, project.slug, { offset, limit })).map(
        (pair) => `${name(pair.backend)} ↔ ${name(pair.frontend)}`,
      ),
  };
  const page = await sectionedPage(
    [members('backend', 'Backend'), members('frontend', 'Frontend'), pairs],
    place,
    projectPage,
  );
  return {
    embeds: [
      {
        title: project.name,
        color: brandColor,
        fields: page.runs.flatMap(runFields),
        footer: `/project join name:"${project.name}" role:<backend|frontend> to join`,
      },
    ],
    buttons: [sectionButtons(page, (target) => showId.encode({ slug: project.slug, ...target }))],
  };
}

export async function listView(ctx: Context, requestedPage: number): Promise<Message> {
  const { items, page, pages, total } = await readPage(
    requestedPage,
    projectsPerPage,
    fromArray(await listProjects(ctx.db, ctx.guildId)),
  );
  return {
    embeds: [
      {
        title: 'Projects',
        description:
          items
            .map(
              (p) => `**${escapeMarkdown(p.name)}** · ${p.backend} backend, ${p.frontend} frontend`,
            )
            .join('\n') || `No projects yet. ${joinHint}`,
        color: brandColor,
        footer: `${total} projects · page ${page + 1}/${pages} · /project show name:<project>`,
      },
    ],
    buttons: [pageButtons(page, pages, (target) => listPageId.encode({ page: target }))],
  };
}

/** Lines of the round preview: short (a project and two names), so 25 fit the 2,000 of a message. */
const roundPage: Fit = { most: 25, budget: 1600 };

/** The weekly round as it would run now, one page at a time: its new pairs, then who is left out. */
export async function roundView(ctx: Context, place: PagePlace): Promise<Message> {
  const preview = await previewRound(ctx.db, ctx.guildId, ctx.now());
  const count = preview.pairs.length;
  const page = await sectionedPage(
    [
      sectionOf(
        `New pairs (${count})`,
        preview.pairs.map(
          (p) =>
            `**${escapeMarkdown(p.project)}**: ${escapeMarkdown(p.backend)} ↔ ${escapeMarkdown(p.frontend)}`,
        ),
        'None this round.',
      ),
      sectionOf(
        `Unmatched (${preview.unmatched.length})`,
        preview.unmatched.map((name) => escapeMarkdown(name)),
        'Everyone open to pairing has a partner.',
      ),
    ],
    place,
    roundPage,
  );
  return {
    ephemeral: true,
    content: [
      `**Weekly round preview** (nothing is saved): ${count} new pair${count === 1 ? '' : 's'}.`,
      ...page.runs.flatMap((run) => [`**${runHeading(run)}**`, ...run.lines]),
    ].join('\n'),
    buttons: [sectionButtons(page, (target) => roundPageId.encode(target))],
  };
}

/** Projects whose name holds what was typed, for autocomplete. */
export const projectChoices = async (ctx: Context, typed: string) => {
  const wanted = typed.trim().toLowerCase();
  return (await listProjects(ctx.db, ctx.guildId))
    .filter((p) => p.name.toLowerCase().includes(wanted) || p.slug.includes(wanted))
    .slice(0, 25)
    .map((p) => ({
      name: truncate(`${p.name} (${p.backend} backend, ${p.frontend} frontend)`, 100),
      value: p.name,
    }));
};
