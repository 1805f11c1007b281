import { escapeMarkdown, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { Learner, Project, Role } from '../src/db/schema.js';
import {
  type Command,
  type Context,
  customId,
  permissionLabels,
  route,
} from '../src/interaction/command.js';
import { brandColor, type Message, notice, reply, update } from '../src/interaction/message.js';
import {
  type Fit,
  fromArray,
  type PagePlace,
  pageButtons,
  placeArgs,
  placeFrom,
  readPage,
  runFields,
  runHeading,
  type Section,
  sectionButtons,
  sectionedPage,
  sectionOf,
} from '../src/interaction/paginate.js';
import { countProjectPairs, projectPairs } from '../src/pairing/pairs.js';
import {
  closeProjects,
  findProject,
  getLearner,
  isOpen,
  joinProject,
  leaveProject,
  listProjects,
  roleCounts,
  roleMembers,
  setPaused,
} from '../src/pairing/projects.js';
import { previewRound } from '../src/pairing/weekly.js';
import { truncate } from '../src/text.js';
import { isKnownTimeZone } from '../src/timezone.js';

const projectsPerPage = 10;
const roles = ['backend', 'frontend'] as const;

const httpLink = (what: string) =>
  z
    .string()
    .trim()
    .max(300, 'at most 300 characters')
    .refine(
      (text) => /^https?:\/\/\S+\.\S+/i.test(text) && URL.canParse(text),
      `${what} must be an http(s) link, such as https://github.com/you/project`,
    );

const timezone = z
  .string()
  .trim()
  .refine(isKnownTimeZone, {
    error: (issue) =>
      `Unknown timezone "${String(issue.input)}". Use an IANA name such as Africa/Lagos or Europe/London`,
  });

const projectName = z
  .string()
  .trim()
  .min(2, 'a project name of at least 2 characters')
  .max(60, 'at most 60 characters')
  .refine((name) => /[\p{L}\p{N}]/u.test(name), 'a project name with letters or digits');

const joinOptions = z.object({
  name: projectName,
  role: z.enum(roles, { error: 'backend or frontend' }),
  repo: httpLink('repo').optional(),
  api_docs: httpLink('api_docs').optional(),
  timezone: timezone.optional(),
  max_partners: z
    .number({ error: 'a number from 1 to 3' })
    .int('a number from 1 to 3')
    .min(1, 'a number from 1 to 3')
    .max(3, 'a number from 1 to 3')
    .optional(),
});

const joinHint = 'Join one with /project join name:<project> role:<backend|frontend>.';

function links(learner: Learner): string {
  const parts = [
    learner.repo && `[repo](${learner.repo})`,
    learner.api_docs && `[API docs](${learner.api_docs})`,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'no links yet';
}

/**
 * A page of a project holds at most 20 lines and 4,000 characters of them: with the field names,
 * title and footer that stays under Discord's 6,000 per message however long members' links are.
 */
const projectPage: Fit = { most: 20, budget: 4000 };

/** A project's backend members, frontend members and active pairs, one page at a time. */
async function projectView(ctx: Context, project: Project, place: PagePlace): Promise<Message> {
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
    buttons: [
      sectionButtons(page, (target) =>
        customId('project', 'show', project.slug, ...placeArgs(target)),
      ),
    ],
  };
}

async function listView(ctx: Context, requestedPage: number): Promise<Message> {
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
    buttons: [pageButtons(page, pages, (target) => customId('project', 'list', target))],
  };
}

/** Lines of the round preview: short (a project and two names), so 25 fit the 2,000 of a message. */
const roundPage: Fit = { most: 25, budget: 1600 };

/** The weekly round as it would run now, one page at a time: its new pairs, then who is left out. */
async function roundView(ctx: Context, place: PagePlace): Promise<Message> {
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
    buttons: [sectionButtons(page, (target) => customId('project', 'round', ...placeArgs(target)))],
  };
}

const projectChoices = async (ctx: Context, typed: string) => {
  const wanted = typed.trim().toLowerCase();
  return (await listProjects(ctx.db, ctx.guildId))
    .filter((p) => p.name.toLowerCase().includes(wanted) || p.slug.includes(wanted))
    .slice(0, 25)
    .map((p) => ({
      name: truncate(`${p.name} (${p.backend} backend, ${p.frontend} frontend)`, 100),
      value: p.name,
    }));
};

export const projectCommand: Command = {
  definition: new SlashCommandBuilder()
    .setName('project')
    .setDescription('Say which project you build, and find who builds it with you')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('join')
        .setDescription('Join (or update) your project and role')
        .addStringOption((o) =>
          o
            .setName('name')
            .setDescription('Project name')
            .setRequired(true)
            .setMaxLength(60)
            .setAutocomplete(true),
        )
        .addStringOption((o) =>
          o
            .setName('role')
            .setDescription('Your side of the API')
            .setRequired(true)
            .addChoices(...roles.map((r) => ({ name: r, value: r }))),
        )
        .addStringOption((o) =>
          o.setName('repo').setDescription('Repository link (https://...)').setMaxLength(300),
        )
        .addStringOption((o) =>
          o
            .setName('api_docs')
            .setDescription('OpenAPI/Swagger/Postman/GraphQL docs link')
            .setMaxLength(300),
        )
        .addStringOption((o) =>
          o.setName('timezone').setDescription('IANA timezone, e.g. Africa/Lagos').setMaxLength(64),
        )
        .addIntegerOption((o) =>
          o
            .setName('max_partners')
            .setDescription('How many partners you want (1-3, default 1)')
            .setMinValue(1)
            .setMaxValue(3),
        ),
    )
    .addSubcommand((sub) =>
      sub.setName('leave').setDescription('Leave your project (ends your pairs)'),
    )
    .addSubcommand((sub) =>
      sub
        .setName('show')
        .setDescription('A project: its members, links and pairs')
        .addStringOption((o) =>
          o
            .setName('name')
            .setDescription('Project (default: yours)')
            .setMaxLength(60)
            .setAutocomplete(true),
        ),
    )
    .addSubcommand((sub) =>
      sub.setName('list').setDescription('Every project with its members by role'),
    )
    .addSubcommand((sub) =>
      sub
        .setName('pause')
        .setDescription('Step out of matching for a while')
        .addStringOption((o) =>
          o
            .setName('until')
            .setDescription('Until a date, YYYY-MM-DD (default: until /project resume)')
            .setMaxLength(10),
        ),
    )
    .addSubcommand((sub) => sub.setName('resume').setDescription('Come back into matching'))
    .addSubcommand((sub) => sub.setName('round').setDescription('Preview the weekly pairing round'))
    .toJSON(),
  routes: {
    join: route({
      help: 'Join or update your project, role, links, timezone and partner count',
      options: joinOptions,
      autocomplete: (ctx, focused) => projectChoices(ctx, focused.value),
      async run(ctx, options) {
        const close = (await findProject(ctx.db, ctx.guildId, options.name))
          ? []
          : await closeProjects(ctx.db, ctx.guildId, options.name);
        const { learner, project, created, previous } = await joinProject(ctx.db, {
          guildId: ctx.guildId,
          user: ctx.actor,
          projectName: options.name,
          role: options.role,
          repo: options.repo,
          apiDocs: options.api_docs,
          timezone: options.timezone,
          maxPartners: options.max_partners,
          defaultTimezone: ctx.defaultTimezone,
          now: ctx.now(),
        });
        const verb = previous ? 'Updated: you are' : 'You joined as';
        const lines = [
          `${verb} **${learner.role}** on **${escapeMarkdown(project.name)}**${created ? ' (a new project)' : ''}. Timezone ${learner.timezone}, up to ${learner.max_partners} partner${learner.max_partners === 1 ? '' : 's'}; ${links(learner)}.`,
          close.length > 0
            ? `Did you mean ${close.map((p) => `**${escapeMarkdown(p.name)}**`).join(' or ')}? Switch with /project join name:"${close[0]?.name}" role:${learner.role}.`
            : undefined,
          `Find your ${learner.role === 'backend' ? 'frontend' : 'backend'} counterparts with /pair.`,
        ];
        return notice(lines.filter(Boolean).join('\n'));
      },
    }),
    leave: route({
      help: 'Leave your project; your pairs end',
      options: z.object({}),
      async run(ctx) {
        const left = await leaveProject(ctx.db, ctx.guildId, ctx.actor.id, ctx.now());
        return notice(
          left
            ? `You left **${left.project_slug}**; your pairs there have ended.`
            : `You are not on a project. ${joinHint}`,
        );
      },
    }),
    show: route({
      help: 'Show a project (default: yours) with members, links and pairs',
      options: z.object({ name: projectName.optional() }),
      autocomplete: (ctx, focused) => projectChoices(ctx, focused.value),
      async run(ctx, { name }) {
        const slug = name ?? (await getLearner(ctx.db, ctx.guildId, ctx.actor.id))?.project_slug;
        if (!slug)
          return notice(`You are not on a project; name one, or ${joinHint.toLowerCase()}`);
        const project = await findProject(ctx.db, ctx.guildId, slug);
        if (project) return reply(await projectView(ctx, project, { start: 0 }));
        const close = await closeProjects(ctx.db, ctx.guildId, slug);
        return notice(
          `No project "${escapeMarkdown(truncate(slug, 60))}".${close.length ? ` Did you mean ${close.map((p) => `**${p.name}**`).join(' or ')}?` : ''}`,
        );
      },
    }),
    list: route({
      help: 'List projects with member counts by role',
      options: z.object({}),
      run: async (ctx) => reply(await listView(ctx, 0)),
    }),
    pause: route({
      help: 'Step out of matching, until a date or until you resume',
      options: z.object({
        until: z
          .string()
          .trim()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD, such as 2026-12-31')
          .refine(
            (text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)),
            'a real date, such as 2026-12-31',
          )
          .optional(),
      }),
      async run(ctx, { until }) {
        const date = until ? new Date(`${until}T00:00:00Z`) : null;
        if (date && date <= ctx.now())
          return notice(
            `${until} is not in the future. Give a later date, or no date to pause until /project resume.`,
          );
        if (!(await setPaused(ctx.db, ctx.guildId, ctx.actor.id, date)))
          return notice(`You are not on a project. ${joinHint}`);
        return notice(
          date
            ? `Paused until ${until}; you come back into matching by yourself then.`
            : 'Paused. Come back with /project resume.',
        );
      },
    }),
    resume: route({
      help: 'Come back into matching',
      options: z.object({}),
      async run(ctx) {
        if (!(await setPaused(ctx.db, ctx.guildId, ctx.actor.id, false)))
          return notice(`You are not on a project. ${joinHint}`);
        return notice('Welcome back: you are open to pairing again.');
      },
    }),
    round: route({
      help: 'Preview the weekly pairing round (nothing is saved)',
      permission: 'ManageGuild',
      options: z.object({}),
      run: async (ctx) => reply(await roundView(ctx, { start: 0 })),
    }),
  },
  components: {
    list: { run: async (ctx, [page]) => update(await listView(ctx, Number(page))) },
    show: {
      async run(ctx, [slug = '', ...place]) {
        const project = await findProject(ctx.db, ctx.guildId, slug);
        return project
          ? update(await projectView(ctx, project, placeFrom(place)))
          : notice('That project no longer exists.');
      },
    },
    round: {
      async run(ctx, place) {
        // The preview's buttons sit on a private reply, but a guard never trusts that.
        if (!ctx.actor.permissions.has('ManageGuild'))
          return notice(`/project round needs the ${permissionLabels.ManageGuild} permission.`);
        return update(await roundView(ctx, placeFrom(place)));
      },
    },
  },
};
