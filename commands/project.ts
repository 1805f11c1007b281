import { escapeMarkdown } from 'discord.js';
import { z } from 'zod';
import { button, defineCommand, route } from '../src/interaction/declare.js';
import { notice, reply, update } from '../src/interaction/message.js';
import { option } from '../src/interaction/options.js';
import {
  closeProjects,
  findProject,
  getLearner,
  joinProject,
  leaveProject,
  setPaused,
} from '../src/pairing/projects.js';
import { httpAddress, truncate } from '../src/text.js';
import { links, roles } from './common/pairing.js';
import { timezoneOption } from './common/timezone.js';
import {
  joinHint,
  listPageId,
  listView,
  projectChoices,
  projectView,
  roundPageId,
  roundView,
  showId,
} from './project/views.js';

/** Stored as the URL standard writes it, so what is shown is what it points to. */
const httpLink = (name: string, description: string) =>
  option.text({ description, max: 300 }).transform((text, ctx) => {
    const address = httpAddress(text);
    if (address) return address;
    ctx.addIssue({
      code: 'custom',
      message: `${name} must be an http(s) link, such as https://github.com/you/project`,
    });
    return z.NEVER;
  });

const projectName = (description: string) =>
  option
    .text({
      description,
      max: 60,
      min: { length: 2, message: 'a project name of at least 2 characters' },
      autocomplete: true,
    })
    .refine((name) => /[\p{L}\p{N}]/u.test(name), 'a project name with letters or digits');

export const projectCommand = defineCommand({
  name: 'project',
  description: 'Say which project you build, and find who builds it with you',
  routes: {
    join: route({
      description: 'Join (or update) your project and role',
      help: 'Join or update your project, role, links, timezone and partner count',
      options: {
        name: projectName('Project name'),
        role: option.choice(roles, 'Your side of the API'),
        repo: httpLink('repo', 'Repository link (https://...)').optional(),
        api_docs: httpLink('api_docs', 'OpenAPI/Swagger/Postman/GraphQL docs link').optional(),
        timezone: timezoneOption.optional(),
        max_partners: option
          .integer({
            description: 'How many partners you want (1-3, default 1)',
            min: 1,
            max: 3,
            error: 'a number from 1 to 3',
          })
          .optional(),
      },
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
      description: 'Leave your project (ends your pairs)',
      help: 'Leave your project; your pairs end',
      options: {},
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
      description: 'A project: its members, links and pairs',
      help: 'Show a project (default: yours) with members, links and pairs',
      options: { name: projectName('Project (default: yours)').optional() },
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
      description: 'Every project with its members by role',
      help: 'List projects with member counts by role',
      options: {},
      run: async (ctx) => reply(await listView(ctx, 0)),
    }),
    pause: route({
      description: 'Step out of matching for a while',
      help: 'Step out of matching, until a date or until you resume',
      options: {
        until: option
          .text({
            description: 'Until a date, YYYY-MM-DD (default: until /project resume)',
            max: 10,
          })
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD, such as 2026-12-31')
          .refine(
            (text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)),
            'a real date, such as 2026-12-31',
          )
          .optional(),
      },
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
      description: 'Come back into matching',
      help: 'Come back into matching',
      options: {},
      async run(ctx) {
        if (!(await setPaused(ctx.db, ctx.guildId, ctx.actor.id, false)))
          return notice(`You are not on a project. ${joinHint}`);
        return notice('Welcome back: you are open to pairing again.');
      },
    }),
    round: route({
      description: 'Preview the weekly pairing round',
      help: 'Preview the weekly pairing round (nothing is saved)',
      permission: 'ManageGuild',
      options: {},
      run: async (ctx) => reply(await roundView(ctx, { start: 0 })),
    }),
  },
  components: [
    button({
      id: listPageId,
      run: async (ctx, { page }) => update(await listView(ctx, page)),
    }),
    button({
      id: showId,
      async run(ctx, { slug, ...place }) {
        const project = await findProject(ctx.db, ctx.guildId, slug);
        return project
          ? update(await projectView(ctx, project, place))
          : notice('That project no longer exists.');
      },
    }),
    button({
      id: roundPageId,
      // The preview's buttons sit on a private reply, but a guard never trusts that.
      permission: 'ManageGuild',
      run: async (ctx, place) => update(await roundView(ctx, place)),
    }),
  ],
});
