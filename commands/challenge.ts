import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import {
  addChallenge,
  addSolution,
  type ChallengeFilter,
  challengeTopics,
  editChallenge,
  findChallenge,
  listChallenges,
  rankedSolutions,
  removeChallenge,
  voteHelpful,
} from '../src/challenges/challenges.js';
import { promoteChallenge } from '../src/challenges/promote.js';
import { resolveTags } from '../src/challenges/tags.js';
import type { Challenge } from '../src/db/schema.js';
import { type Command, type Context, customId, route } from '../src/interaction/command.js';
import { idOptions, invalidFields, optionalText, requiredText } from '../src/interaction/fields.js';
import {
  type Button,
  brandColor,
  type Message,
  type Modal,
  notice,
  reply,
  showModal,
  update,
} from '../src/interaction/message.js';
import { ownership } from '../src/interaction/ownership.js';
import { fromArray, pageButtons, readPage } from '../src/interaction/paginate.js';
import { findTopicByName } from '../src/learnings/topics.js';
import { truncate } from '../src/text.js';

const limits = { title: 100, challenge: 1000, solution: 2000, tags: 200 };
const solutionsPerPage = 3;
const challengesPerPage = 10;

const challengeFields = z.object({
  title: requiredText('Title', limits.title),
  challenge: requiredText('Challenge', limits.challenge),
  solution: optionalText('Solution', limits.solution),
  tags: optionalText('Tags', limits.tags),
});
const solutionFields = z.object({ solution: requiredText('Solution', limits.solution) });

function challengeModal(
  id: string,
  title: string,
  values?: { title: string; challenge: string; tags: string },
): Modal {
  const value = (text: string | undefined) => (text === undefined ? {} : { value: text });
  return {
    customId: id,
    title,
    fields: [
      {
        id: 'title',
        label: 'Title',
        style: 'short',
        required: true,
        maxLength: limits.title,
        ...value(values?.title),
      },
      {
        id: 'challenge',
        label: 'The challenge',
        style: 'paragraph',
        required: true,
        maxLength: limits.challenge,
        ...value(values?.challenge),
      },
      ...(values
        ? []
        : [
            {
              id: 'solution',
              label: 'The solution (if you found one)',
              style: 'paragraph' as const,
              required: false,
              maxLength: limits.solution,
            },
          ]),
      {
        id: 'tags',
        label: 'Tags, comma-separated (e.g. docker, k8s)',
        style: 'short',
        required: false,
        maxLength: limits.tags,
        ...value(values?.tags),
      },
    ],
  };
}

const solutionModal = (challenge: Challenge): Modal => ({
  customId: customId('challenge', 'solution', challenge.id),
  title: truncate(`Solve #${challenge.id}: ${challenge.title}`, 45),
  fields: [
    {
      id: 'solution',
      label: 'What worked',
      style: 'paragraph',
      required: true,
      maxLength: limits.solution,
    },
  ],
});

async function tagLine(ctx: Context, challenge: Challenge): Promise<string> {
  const topics = (await challengeTopics(ctx.db, challenge.id)).map((t) => t.name);
  const free = JSON.parse(challenge.free_tags) as string[];
  return [...topics, ...free].join(', ');
}

/** A challenge with a page of its solutions, most helpful first; page and ids live in customIds. */
async function challengeView(
  ctx: Context,
  challenge: Challenge,
  requestedPage: number,
): Promise<Message> {
  const {
    items: shown,
    page,
    pages,
    total,
  } = await readPage(
    requestedPage,
    solutionsPerPage,
    fromArray(await rankedSolutions(ctx.db, ctx.guildId, challenge.id)),
  );
  const tags = await tagLine(ctx, challenge);
  const meta = [
    `Raised by ${challenge.author_name}`,
    tags ? `Tags: ${tags}` : undefined,
    challenge.promoted_learning_id !== null
      ? `Promoted to learning #${challenge.promoted_learning_id}`
      : undefined,
  ].filter(Boolean);
  const blocks = shown.map(
    (s) =>
      `**Solution #${s.id}** by ${s.author_name} · ${s.helpful} found this helpful\n${truncate(s.body, 900)}`,
  );
  const body =
    total === 0
      ? `*No solution yet. Found one? /challenge solve id:${challenge.id}*`
      : blocks.join('\n\n');
  const helped: Button[] = shown.map((s) => ({
    customId: customId('challenge', 'helped', s.id, page),
    label: `This helped #${s.id}`,
    style: 'success',
  }));
  const paging = pageButtons(page, pages, (target) =>
    customId('challenge', 'show', challenge.id, target),
  );
  return {
    embeds: [
      {
        title: truncate(`#${challenge.id} · ${challenge.title}`, 256),
        description: `${challenge.body}\n*${meta.join(' · ')}*\n\n${body}`,
        color: brandColor,
        footer: `${total} solution${total === 1 ? '' : 's'}${pages > 1 ? ` · page ${page + 1}/${pages}` : ''}`,
      },
    ],
    buttons: [
      helped,
      [
        ...paging,
        {
          customId: customId('challenge', 'solve', challenge.id),
          label: 'Add a solution',
          style: 'primary',
        },
      ],
    ],
  };
}

interface ListState {
  page: number;
  tag: string;
  author: string;
  unsolved: boolean;
}

async function filterFor(ctx: Context, state: ListState): Promise<ChallengeFilter> {
  const filter: ChallengeFilter = { unsolved: state.unsolved };
  if (state.author) filter.authorId = state.author;
  if (state.tag) {
    const topic = await findTopicByName(ctx.db, state.tag);
    if (topic) filter.topicId = topic.topic.id;
    else filter.freeTag = state.tag.toLowerCase();
  }
  return filter;
}

async function listView(ctx: Context, state: ListState): Promise<Message> {
  const filter = await filterFor(ctx, state);
  const { items, page, pages, total } = await readPage(state.page, challengesPerPage, (window) =>
    listChallenges(ctx.db, ctx.guildId, filter, window),
  );
  const lines = items.map((c) => {
    const solved =
      c.solutions === 0
        ? 'no solution yet'
        : `${c.solutions} solution${c.solutions === 1 ? '' : 's'}, ${c.helpful} helpful`;
    return `**#${c.id} · ${truncate(c.title, 90)}**\n${c.author_name} · ${solved}`;
  });
  const described = [
    state.tag && `tag ${state.tag}`,
    state.author && `by <@${state.author}>`,
    state.unsolved && 'unsolved',
  ].filter(Boolean);
  const pageButtonId = (p: number) =>
    customId('challenge', 'list', p, state.tag, state.author, state.unsolved ? 1 : 0);
  return {
    embeds: [
      {
        title: `Challenges${described.length ? ` (${described.join(', ')})` : ''}`,
        description: lines.length
          ? lines.join('\n\n')
          : 'No challenge matches. Record one with /challenge add.',
        color: brandColor,
        footer: `${total} challenge${total === 1 ? '' : 's'} · page ${page + 1}/${pages} · /challenge show id:<id>`,
      },
    ],
    buttons: [pageButtons(page, pages, pageButtonId)],
  };
}

const owned = ownership({
  command: 'challenge',
  noun: 'challenge',
  find: (ctx, id) => findChallenge(ctx.db, ctx.guildId, id),
  remove: (ctx, challenge) => removeChallenge(ctx.db, challenge.id),
  alsoRemoved: ' with its solutions and votes',
});

const idOption = idOptions('challenge');
const withId =
  (name: string, description: string) =>
  (sub: import('discord.js').SlashCommandSubcommandBuilder) =>
    sub
      .setName(name)
      .setDescription(description)
      .addIntegerOption((o) =>
        o.setName('id').setDescription('Challenge number').setRequired(true).setMinValue(1),
      );

export const challengeCommand: Command = {
  definition: new SlashCommandBuilder()
    .setName('challenge')
    .setDescription('Challenges learners faced and the solutions that worked')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) => sub.setName('add').setDescription('Record a challenge (opens a form)'))
    .addSubcommand((sub) =>
      sub
        .setName('list')
        .setDescription('List challenges')
        .addStringOption((o) =>
          o.setName('tag').setDescription('A topic or tag, e.g. docker').setMaxLength(40),
        )
        .addUserOption((o) =>
          o.setName('author').setDescription('Only challenges raised by this member'),
        )
        .addBooleanOption((o) =>
          o.setName('unsolved').setDescription('Only challenges without a solution'),
        ),
    )
    .addSubcommand(withId('show', 'Show a challenge and its solutions'))
    .addSubcommand(withId('solve', 'Add a solution to a challenge (opens a form)'))
    .addSubcommand(withId('edit', 'Edit a challenge you raised (opens a form)'))
    .addSubcommand(withId('remove', 'Remove a challenge you raised, with its solutions'))
    .addSubcommand(withId('promote', 'Turn the most helpful solution into a learning'))
    .toJSON(),
  routes: {
    add: route({
      help: 'Record a challenge and, if you have one, its solution (opens a form)',
      options: z.object({}),
      run: async () =>
        showModal(challengeModal(customId('challenge', 'submit'), 'Record a challenge')),
    }),
    list: route({
      help: 'List challenges, filtered by tag, author or unsolved',
      options: z.object({
        tag: z
          .string()
          .trim()
          .max(40, 'at most 40 characters')
          .regex(/^[^:]*$/, 'a tag without ":"')
          .optional(),
        author: z
          .string()
          .regex(/^\d{17,20}$/, 'a member')
          .optional(),
        unsolved: z.boolean({ error: 'true or false' }).optional(),
      }),
      async run(ctx, options) {
        return reply(
          await listView(ctx, {
            page: 0,
            tag: options.tag ?? '',
            author: options.author ?? '',
            unsolved: options.unsolved ?? false,
          }),
        );
      },
    }),
    show: route({
      help: 'Show a challenge with every solution, most helpful first',
      options: idOption,
      async run(ctx, { id }) {
        const challenge = await findChallenge(ctx.db, ctx.guildId, id);
        return challenge
          ? reply(await challengeView(ctx, challenge, 0))
          : notice(`No challenge #${id} in this server.`);
      },
    }),
    solve: route({
      help: 'Add a solution to a challenge (opens a form)',
      options: idOption,
      async run(ctx, { id }) {
        const challenge = await findChallenge(ctx.db, ctx.guildId, id);
        return challenge
          ? showModal(solutionModal(challenge))
          : notice(`No challenge #${id} in this server.`);
      },
    }),
    edit: route({
      help: 'Edit a challenge (opens a form)',
      who: 'the author or Manage Messages',
      options: idOption,
      async run(ctx, { id }) {
        const found = await owned.changeable(ctx, id);
        if ('refusal' in found) return notice(found.refusal);
        const challenge = found.entry;
        return showModal(
          challengeModal(customId('challenge', 'save', id), `Edit challenge #${id}`, {
            title: challenge.title,
            challenge: challenge.body,
            tags: await tagLine(ctx, challenge),
          }),
        );
      },
    }),
    remove: route({
      help: 'Remove a challenge with its solutions and votes (asks to confirm)',
      who: 'the author or Manage Messages',
      options: idOption,
      run: (ctx, { id }) => owned.confirmRemoval(ctx, id),
    }),
    promote: route({
      help: 'Turn the most helpful solution into a learning under the main topic',
      permission: 'ManageMessages',
      options: idOption,
      async run(ctx, { id }) {
        const outcome = await promoteChallenge(ctx.db, ctx.guildId, id, ctx.now());
        if (outcome.promoted) {
          return reply({
            content: `Promoted challenge #${id}: its most helpful solution is now learning #${outcome.learning.id} under **${outcome.topicName}**.`,
          });
        }
        const reasons = {
          'not-found': `No challenge #${id} in this server.`,
          'no-topic': `Challenge #${id} has no topic to file the learning under. Add one with /challenge edit id:${id}.`,
          'no-solution': `Challenge #${id} has no solution to promote yet.`,
          already: `Challenge #${id} was already promoted to learning #${'learningId' in outcome ? outcome.learningId : ''}.`,
        };
        return notice(reasons[outcome.reason]);
      },
    }),
  },
  components: {
    submit: {
      async run(ctx, _args, fields) {
        const parsed = challengeFields.safeParse(fields);
        if (!parsed.success) return invalidFields(parsed.error);
        const { title, challenge: body, solution, tags } = parsed.data;
        const challenge = await addChallenge(ctx.db, {
          guildId: ctx.guildId,
          author: ctx.actor,
          title,
          body,
          solution,
          tags: await resolveTags(ctx.db, tags ?? ''),
          now: ctx.now(),
        });
        const view = await challengeView(ctx, challenge, 0);
        return reply({
          ...view,
          content: `Recorded challenge #${challenge.id}. Anyone can add a solution with /challenge solve id:${challenge.id}.`,
        });
      },
    },
    solve: {
      async run(ctx, [id]) {
        const challenge = await findChallenge(ctx.db, ctx.guildId, Number(id));
        return challenge
          ? showModal(solutionModal(challenge))
          : notice('That challenge no longer exists.');
      },
    },
    solution: {
      async run(ctx, [id], fields) {
        const challenge = await findChallenge(ctx.db, ctx.guildId, Number(id));
        if (!challenge) return notice('That challenge no longer exists. Nothing was saved.');
        const parsed = solutionFields.safeParse(fields);
        if (!parsed.success) return invalidFields(parsed.error);
        const solution = await addSolution(ctx.db, {
          guildId: ctx.guildId,
          challengeId: challenge.id,
          author: ctx.actor,
          body: parsed.data.solution,
          now: ctx.now(),
        });
        return reply({
          ...(await challengeView(ctx, challenge, 0)),
          content: `Added solution #${solution.id} to challenge #${challenge.id}. Thank you!`,
        });
      },
    },
    show: {
      async run(ctx, [id, page]) {
        const challenge = await findChallenge(ctx.db, ctx.guildId, Number(id));
        return challenge
          ? update(await challengeView(ctx, challenge, Number(page)))
          : notice('That challenge no longer exists.');
      },
    },
    helped: {
      async run(ctx, [solutionId, page]) {
        const outcome = await voteHelpful(
          ctx.db,
          ctx.guildId,
          Number(solutionId),
          ctx.actor.id,
          ctx.now(),
        );
        if (outcome === 'own')
          return notice(
            "That's your own solution: thanks for sharing it, but it can't get your vote.",
          );
        if (outcome === 'already')
          return notice(`You already marked solution #${solutionId} as helpful.`);
        if (outcome === 'not-found') return notice('That solution no longer exists.');
        const challenge = await findChallenge(ctx.db, ctx.guildId, outcome.counted);
        return challenge
          ? update(await challengeView(ctx, challenge, Number(page)))
          : notice('Thanks! Your vote counts.');
      },
    },
    list: {
      async run(ctx, [page, tag = '', author = '', unsolved]) {
        return update(
          await listView(ctx, { page: Number(page), tag, author, unsolved: unsolved === '1' }),
        );
      },
    },
    save: {
      async run(ctx, [id], fields) {
        const found = await owned.changeable(ctx, Number(id));
        if ('refusal' in found) return notice(found.refusal);
        const parsed = challengeFields.omit({ solution: true }).safeParse(fields);
        if (!parsed.success) return invalidFields(parsed.error);
        await editChallenge(ctx.db, found.entry.id, {
          title: parsed.data.title,
          body: parsed.data.challenge,
          tags: await resolveTags(ctx.db, parsed.data.tags ?? ''),
          now: ctx.now(),
        });
        return notice(`Updated challenge #${found.entry.id}.`);
      },
    },
    ...owned.components,
  },
};
