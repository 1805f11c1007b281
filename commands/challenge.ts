import {
  addChallenge,
  addSolution,
  editChallenge,
  findChallenge,
  removeChallenge,
  voteHelpful,
} from '../src/challenges/challenges.js';
import { promoteChallenge } from '../src/challenges/promote.js';
import { resolveTags } from '../src/challenges/tags.js';
import type { Context } from '../src/interaction/command.js';
import { componentId, rowId } from '../src/interaction/component-id.js';
import { button, defineCommand, modal, route } from '../src/interaction/declare.js';
import { form, optionalText, requiredText } from '../src/interaction/fields.js';
import { notice, reply, update } from '../src/interaction/message.js';
import { option } from '../src/interaction/options.js';
import { ownership } from '../src/interaction/ownership.js';
import { truncate } from '../src/text.js';
import {
  challengeView,
  formerListPageId,
  helpedId,
  listPageId,
  listView,
  solutionsPageId,
  solveId,
  tagLine,
} from './challenge/views.js';

/** A solution is as long in the challenge's form as in a form of its own. */
const solutionMax = 2000;
const title = requiredText('Title', 100);
const challengeText = requiredText('Challenge', 1000, {
  label: 'The challenge',
  style: 'paragraph',
});
const tags = optionalText('Tags', 200, { label: 'Tags, comma-separated (e.g. docker, k8s)' });

const owned = ownership({
  command: 'challenge',
  noun: 'challenge',
  find: (ctx, id) => findChallenge(ctx.db, ctx.guildId, id),
  remove: (ctx, challenge) => removeChallenge(ctx.db, challenge.id),
  alsoRemoved: ' with its solutions and votes',
});

/** /challenge add's form: a challenge and, if found, its solution. */
const recordForm = modal({
  id: componentId('challenge', 'submit', {}),
  form: form({
    title,
    challenge: challengeText,
    solution: optionalText('Solution', solutionMax, {
      label: 'The solution (if you found one)',
      style: 'paragraph',
    }),
    tags,
  }),
  async run(ctx, fields) {
    const challenge = await addChallenge(ctx.db, {
      guildId: ctx.guildId,
      author: ctx.actor,
      title: fields.title,
      body: fields.challenge,
      solution: fields.solution,
      tags: await resolveTags(ctx.db, fields.tags ?? ''),
      now: ctx.now(),
    });
    return reply({
      ...(await challengeView(ctx, challenge, 0)),
      content: `Recorded challenge #${challenge.id}. Anyone can add a solution with /challenge solve id:${challenge.id}.`,
    });
  },
});

/** A solution to one challenge. */
const solutionForm = modal({
  id: componentId('challenge', 'solution', { id: rowId }),
  form: form({
    solution: requiredText('Solution', solutionMax, { label: 'What worked', style: 'paragraph' }),
  }),
  async run(ctx, { id, solution: body }) {
    const challenge = await findChallenge(ctx.db, ctx.guildId, id);
    if (!challenge) return notice('That challenge no longer exists. Nothing was saved.');
    const added = await addSolution(ctx.db, {
      guildId: ctx.guildId,
      challengeId: challenge.id,
      author: ctx.actor,
      body,
      now: ctx.now(),
    });
    return reply({
      ...(await challengeView(ctx, challenge, 0)),
      content: `Added solution #${added.id} to challenge #${challenge.id}. Thank you!`,
    });
  },
});

/** /challenge edit's form, answered only for the author or a moderator. */
const editForm = modal({
  id: componentId('challenge', 'save', { id: rowId }),
  form: form({ title, challenge: challengeText, tags }),
  requires: owned.mayChange,
  async run(ctx, fields, challenge) {
    await editChallenge(ctx.db, challenge.id, {
      title: fields.title,
      body: fields.challenge,
      tags: await resolveTags(ctx.db, fields.tags ?? ''),
      now: ctx.now(),
    });
    return notice(`Updated challenge #${challenge.id}.`);
  },
});

/** The solution form for challenge `id`, or why not. */
async function solve(ctx: Context, id: number, gone: string) {
  const challenge = await findChallenge(ctx.db, ctx.guildId, id);
  return challenge
    ? solutionForm.open({ id }, truncate(`Solve #${id}: ${challenge.title}`, 45))
    : notice(gone);
}

export const challengeCommand = defineCommand({
  name: 'challenge',
  description: 'Challenges learners faced and the solutions that worked',
  routes: {
    add: route({
      description: 'Record a challenge (opens a form)',
      help: 'Record a challenge and, if you have one, its solution (opens a form)',
      options: {},
      run: async () => recordForm.open({}, 'Record a challenge'),
    }),
    list: route({
      description: 'List challenges',
      help: 'List challenges, filtered by tag, author or unsolved',
      options: {
        tag: option.text({ description: 'A topic or tag, e.g. docker', max: 40 }).optional(),
        author: option.member('Only challenges raised by this member').optional(),
        unsolved: option.toggle('Only challenges without a solution').optional(),
      },
      run: async (ctx, { tag = '', author, unsolved = false }) =>
        reply(await listView(ctx, { page: 0, tag, author, unsolved })),
    }),
    show: route({
      description: 'Show a challenge and its solutions',
      help: 'Show a challenge with every solution, most helpful first',
      options: owned.idOption,
      async run(ctx, { id }) {
        const challenge = await findChallenge(ctx.db, ctx.guildId, id);
        return challenge
          ? reply(await challengeView(ctx, challenge, 0))
          : notice(`No challenge #${id} in this server.`);
      },
    }),
    solve: route({
      description: 'Add a solution to a challenge (opens a form)',
      options: owned.idOption,
      run: (ctx, { id }) => solve(ctx, id, `No challenge #${id} in this server.`),
    }),
    edit: route({
      description: 'Edit a challenge you raised (opens a form)',
      help: 'Edit a challenge (opens a form)',
      options: owned.idOption,
      requires: owned.mayChange,
      run: async (ctx, { id }, challenge) =>
        editForm.open({ id }, `Edit challenge #${id}`, {
          title: challenge.title,
          challenge: challenge.body,
          tags: await tagLine(ctx, challenge),
        }),
    }),
    remove: owned.removeRoute({
      description: 'Remove a challenge you raised, with its solutions',
      help: 'Remove a challenge with its solutions and votes (asks to confirm)',
    }),
    promote: route({
      description: 'Turn the most helpful solution into a learning',
      help: 'Turn the most helpful solution into a learning under the main topic',
      permission: 'ManageMessages',
      options: owned.idOption,
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
  components: [
    recordForm,
    solutionForm,
    editForm,
    button({
      id: solveId,
      run: (ctx, { id }) => solve(ctx, id, 'That challenge no longer exists.'),
    }),
    button({
      id: solutionsPageId,
      async run(ctx, { id, page }) {
        const challenge = await findChallenge(ctx.db, ctx.guildId, id);
        return challenge
          ? update(await challengeView(ctx, challenge, page))
          : notice('That challenge no longer exists.');
      },
    }),
    button({
      id: helpedId,
      async run(ctx, { solutionId, page }) {
        const outcome = await voteHelpful(ctx.db, ctx.guildId, solutionId, ctx.actor.id, ctx.now());
        if (outcome === 'own')
          return notice(
            "That's your own solution: thanks for sharing it, but it can't get your vote.",
          );
        if (outcome === 'already')
          return notice(`You already marked solution #${solutionId} as helpful.`);
        if (outcome === 'not-found') return notice('That solution no longer exists.');
        const challenge = await findChallenge(ctx.db, ctx.guildId, outcome.counted);
        return challenge
          ? update(await challengeView(ctx, challenge, page))
          : notice('Thanks! Your vote counts.');
      },
    }),
    button({
      id: listPageId,
      formerIds: [formerListPageId],
      run: async (ctx, state) => update(await listView(ctx, state)),
    }),
    ...owned.components,
  ],
});
