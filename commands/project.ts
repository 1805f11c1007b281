import { escapeMarkdown, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { Learner } from '../src/db/schema.js';
import { type Command, type Context, customId, route } from '../src/interaction/command.js';
import { brandColor, type Message, notice, reply, update } from '../src/interaction/message.js';
import { clampPage, pageButtons } from '../src/interaction/paginate.js';
import { activePairs } from '../src/pairing/pairs.js';
import {
  closeProjects,
  findProject,
  getLearner,
  isOpen,
  joinProject,
  leaveProject,
  listProjects,
  projectMembers,
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

async function projectView(ctx: Context, slug: string): Promise<Message> {
  const project = await findProject(ctx.db, ctx.guildId, slug);
  if (!project) return { content: `No project "${slug}".`, ephemeral: true };
  const members = await projectMembers(ctx.db, ctx.guildId, project.slug);
  const names = new Map(members.map((m) => [m.user_id, m.user_name]));
  const pairs = (await activePairs(ctx.db, ctx.guildId)).filter(
    (p) => p.project_slug === project.slug,
  );
  const now = ctx.now();
  const line = (m: Learner) =>
    `**${escapeMarkdown(m.user_name)}** · ${m.timezone} · ${links(m)}${isOpen(m, now) ? '' : ' · paused'}`;
  const byRole = (role: string) =>
    members
      .filter((m) => m.role === role)
      .map(line)
      .join('\n') || 'Nobody yet';
  return {
    embeds: [
      {
        title: project.name,
        color: brandColor,
        fields: [
          {
            name: `Backend (${members.filter((m) => m.role === 'backend').length})`,
            value: byRole('backend'),
          },
          {
            name: `Frontend (${members.filter((m) => m.role === 'frontend').length})`,
            value: byRole('frontend'),
          },
          {
            name: `Active pairs (${pairs.length})`,
            value:
              pairs
                .map(
                  (p) =>
                    `${names.get(p.backend_id) ?? 'someone'} ↔ ${names.get(p.frontend_id) ?? 'someone'}`,
                )
                .join('\n') || 'None yet: try /pair',
          },
        ],
        footer: `/project join name:"${project.name}" role:<backend|frontend> to join`,
      },
    ],
  };
}

async function listView(ctx: Context, requestedPage: number): Promise<Message> {
  const projects = await listProjects(ctx.db, ctx.guildId);
  const pages = Math.max(1, Math.ceil(projects.length / projectsPerPage));
  const page = clampPage(requestedPage, pages);
  const shown = projects.slice(page * projectsPerPage, (page + 1) * projectsPerPage);
  return {
    embeds: [
      {
        title: 'Projects',
        description:
          shown
            .map(
              (p) => `**${escapeMarkdown(p.name)}** · ${p.backend} backend, ${p.frontend} frontend`,
            )
            .join('\n') || `No projects yet. ${joinHint}`,
        color: brandColor,
        footer: `${projects.length} projects · page ${page + 1}/${pages} · /project show name:<project>`,
      },
    ],
    buttons: [pageButtons(page, pages, (target) => customId('project', 'list', target))],
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
        const view = await projectView(ctx, slug);
        if (!view.ephemeral) return reply(view);
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
      async run(ctx) {
        const preview = await previewRound(ctx.db, ctx.guildId, ctx.now());
        const pairs = preview.pairs.map(
          (p) => `**${escapeMarkdown(p.project)}**: ${p.backend} ↔ ${p.frontend}`,
        );
        return notice(
          [
            `**Weekly round preview** (nothing is saved): ${preview.pairs.length} new pair${preview.pairs.length === 1 ? '' : 's'}.`,
            ...pairs.slice(0, 30),
            pairs.length > 30 ? `…and ${pairs.length - 30} more.` : undefined,
            preview.unmatched.length
              ? `Unmatched: ${preview.unmatched.slice(0, 40).join(', ')}${preview.unmatched.length > 40 ? ', …' : ''}`
              : 'Everyone open to pairing has a partner.',
          ]
            .filter(Boolean)
            .join('\n'),
        );
      },
    }),
  },
  components: {
    list: { run: async (ctx, [page]) => update(await listView(ctx, Number(page))) },
  },
};
