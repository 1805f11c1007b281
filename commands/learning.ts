import { escapeMarkdown } from 'discord.js';
import { topicChallenges } from '../src/challenges/challenges.js';
import type { Learning, Topic } from '../src/db/schema.js';
import { stateCacheOf } from '../src/db/state-cache.js';
import type { Context } from '../src/interaction/command.js';
import { componentId, position, rowId } from '../src/interaction/component-id.js';
import { button, defineCommand, modal, route } from '../src/interaction/declare.js';
import {
  type Button,
  brandColor,
  type Message,
  notice,
  reply,
  update,
} from '../src/interaction/message.js';
import { option } from '../src/interaction/options.js';
import { countLearnings, listLearnings } from '../src/learnings/learnings.js';
import {
  autocompleteTopics,
  getTopic,
  resolveTopic,
  suggestTopics,
} from '../src/learnings/topics.js';
import { truncate } from '../src/text.js';
import { learningForm, storeLearning } from './common/learning-form.js';

const pageBudget = 3500;
const learningsPerPage = 6;

/** A page of a topic's learnings: the start lives in the id, so paging survives restarts. */
const pageId = componentId('learning', 'page', { topicId: rowId, start: position });
/** A topic's Add a learning button. */
const addId = componentId('learning', 'add', { topicId: rowId });

function formatLearning(learning: Learning): string {
  const credit = learning.origin === 'shipped' ? '' : `\n*— ${learning.author_name}*`;
  return `**#${learning.id} · ${learning.title}**\n${learning.body}${credit}`;
}

/** How many challenges carry the topic and the most helpful one, pointing to the full list. */
async function challengesField(ctx: Context, topic: Topic) {
  const { count, mostHelpful } = await topicChallenges(ctx.db, ctx.guildId, topic.id);
  if (count === 0 || !mostHelpful) return [];
  const helpful =
    mostHelpful.helpful > 0 ? ` (${mostHelpful.helpful} found its solutions helpful)` : '';
  return [
    {
      name: `Challenges: ${count}`,
      value: `Most helpful: #${mostHelpful.id} · ${mostHelpful.title}${helpful}\nSee them all with /challenge list tag:${topic.slug}`,
    },
  ];
}

/** Takes learnings, in order, while they fit one embed; always at least one. */
function fitting(blocks: string[]): number {
  let size = 0;
  let count = 0;
  for (const block of blocks) {
    size += block.length + 2;
    if (count > 0 && size > pageBudget) break;
    count += 1;
  }
  return count;
}

/**
 * The learnings of a topic from `requestedStart` on, as many as fit one embed. The start lives in
 * the buttons' customIds, so paging survives restarts, and only the shown rows are read.
 */
async function topicPage(ctx: Context, topic: Topic, requestedStart: number): Promise<Message> {
  const total = await countLearnings(ctx.db, ctx.guildId, topic.id);
  const start = Math.min(Math.max(0, Math.floor(requestedStart) || 0), Math.max(0, total - 1));
  const window = (offset: number, limit: number) =>
    listLearnings(ctx.db, ctx.guildId, topic.id, { offset, limit });
  const shown = (await window(start, learningsPerPage)).map(formatLearning);
  const count = fitting(shown);
  // Only a later page needs the learnings before it, to know where Previous starts.
  const before =
    start === 0
      ? []
      : (
          await window(Math.max(0, start - learningsPerPage), Math.min(start, learningsPerPage))
        ).map(formatLearning);
  const previousStart = start - fitting(before.reverse());
  const end = start + count;
  const paging: Button[] = [
    {
      customId: pageId.encode({ topicId: topic.id, start: previousStart }),
      label: '◀ Previous',
      disabled: start === 0,
    },
    {
      customId: pageId.encode({ topicId: topic.id, start: end }),
      label: 'Next ▶',
      disabled: end >= total,
    },
  ];
  return {
    embeds: [
      {
        title: topic.name,
        description:
          total === 0
            ? 'No learnings yet: be the first to add one.'
            : shown.slice(0, count).join('\n\n'),
        color: brandColor,
        fields: await challengesField(ctx, topic),
        footer: `${total === 0 ? 'No learnings' : `Learnings ${start + 1}–${end} of ${total}`} · /learning ${topic.slug}`,
      },
    ],
    buttons: [
      [
        ...(total > count ? paging : []),
        {
          customId: addId.encode({ topicId: topic.id }),
          label: 'Add a learning',
          style: 'success',
        },
      ],
    ],
  };
}

/** Pages kept until the database changes: the same few topics are asked for again and again. */
const pagesKept = 256;

function cachedPage(ctx: Context, topic: Topic, start: number): Promise<Message> {
  const pages = stateCacheOf<Message>(ctx.db, 'learning pages', pagesKept);
  return pages.get(`${ctx.guildId}:${topic.id}:${start}`, () => topicPage(ctx, topic, start));
}

/** The form the Add a learning button opens; earlier versions answered it in /nexus. */
const addToTopic = modal({
  id: componentId('learning', 'submit', { topicId: rowId }),
  formerIds: [componentId('nexus', 'submit-to', { topicId: rowId })],
  form: learningForm,
  run: async (ctx, { topicId, title, body }) => storeLearning(ctx, topicId, { title, body }),
});

export const learningCommand = defineCommand({
  name: 'learning',
  description: 'Show what learners know about a topic',
  routes: {
    '': route({
      help: 'Show the learnings stored for a topic (name, alias or any words)',
      options: {
        topic: option.text({
          description: 'A topic, e.g. docker or k8s',
          max: 100,
          min: { length: 1, message: 'type a topic such as docker' },
          autocomplete: true,
        }),
      },
      async autocomplete(ctx, focused) {
        return autocompleteTopics(ctx.db, focused.value);
      },
      async run(ctx, { topic: text }) {
        const found = await resolveTopic(ctx.db, ctx.guildId, text);
        if (!found) {
          ctx.counters.missed(ctx.guildId, 'topic', text, ctx.now());
          const suggestions = await suggestTopics(ctx.db, text);
          const hint =
            suggestions.length > 0
              ? ` Did you mean ${suggestions.map((t) => `**${t.name}**`).join(', ')}?`
              : ' Try /search with a few words, or /help.';
          return notice(`No topic "${escapeMarkdown(truncate(text, 100))}".${hint}`);
        }
        ctx.counters.topicUsed(ctx.guildId, found.topic.id, ctx.now());
        const note =
          found.via === 'search'
            ? `No topic is named "${escapeMarkdown(truncate(text, 100))}"; **${found.topic.name}** matches it best.`
            : undefined;
        const page = await cachedPage(ctx, found.topic, 0);
        return reply(note ? { ...page, content: note } : page);
      },
    }),
  },
  components: [
    button({
      id: pageId,
      async run(ctx, { topicId, start }) {
        const topic = await getTopic(ctx.db, topicId);
        if (!topic) return notice('That topic no longer exists.');
        return update(await cachedPage(ctx, topic, start));
      },
    }),
    button({
      id: addId,
      // Earlier versions posted it as /nexus's.
      formerIds: [componentId('nexus', 'add', { topicId: rowId })],
      run: async (_ctx, { topicId }) => addToTopic.open({ topicId }, 'Add a learning'),
    }),
    addToTopic,
  ],
});
