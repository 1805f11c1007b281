import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { describeImport } from '../src/importer/describe.js';
import { ImportError } from '../src/importer/parse.js';
import { importDocument, maxImportBytes } from '../src/importer/store.js';
import { readAttachment } from '../src/interaction/attachments.js';
import { type Command, type Context, customId, route } from '../src/interaction/command.js';
import { idOptions, invalidFields, requiredText } from '../src/interaction/fields.js';
import { brandColor, type Modal, notice, reply, showModal } from '../src/interaction/message.js';
import { ownership } from '../src/interaction/ownership.js';
import {
  addLearning,
  editLearning,
  findLearning,
  removeLearning,
} from '../src/learnings/learnings.js';
import { hubStats } from '../src/learnings/stats.js';
import { findTopicByName, getTopic, suggestTopics } from '../src/learnings/topics.js';
import { truncate } from '../src/text.js';

const limits = { topic: 100, title: 100, body: 1500 };

const learningFields = z.object({
  title: requiredText('Title', limits.title),
  body: requiredText('Body', limits.body),
});
const newLearningFields = learningFields.extend({ topic: requiredText('Topic', limits.topic) });

function learningModal(
  id: string,
  title: string,
  values?: { title: string; body: string },
  withTopic = false,
): Modal {
  return {
    customId: id,
    title,
    fields: [
      ...(withTopic
        ? [
            {
              id: 'topic',
              label: 'Topic (name or alias)',
              style: 'short' as const,
              required: true,
              maxLength: limits.topic,
              placeholder: 'docker',
            },
          ]
        : []),
      {
        id: 'title',
        label: 'Title',
        style: 'short',
        required: true,
        maxLength: limits.title,
        ...(values ? { value: values.title } : {}),
      },
      {
        id: 'body',
        label: 'What you learned',
        style: 'paragraph',
        required: true,
        maxLength: limits.body,
        ...(values ? { value: values.body } : {}),
      },
    ],
  };
}

const owned = ownership({
  command: 'nexus',
  noun: 'learning',
  find: (ctx, id) => findLearning(ctx.db, ctx.guildId, id),
  remove: (ctx, learning) => removeLearning(ctx.db, learning.id),
});

async function storeLearning(
  ctx: Context,
  topicId: number,
  fields: { title: string; body: string },
) {
  const topic = await getTopic(ctx.db, topicId);
  if (!topic) return notice('That topic no longer exists. Nothing was saved.');
  const learning = await addLearning(ctx.db, {
    guildId: ctx.guildId,
    topicId,
    author: ctx.actor,
    title: fields.title,
    body: fields.body,
    now: ctx.now(),
  });
  return reply({
    content: `Saved learning #${learning.id} under **${topic.name}**. Thank you! See it with /learning ${topic.slug}.`,
    embeds: [
      {
        title: learning.title,
        description: learning.body,
        color: brandColor,
        footer: `#${learning.id} · ${ctx.actor.name}`,
      },
    ],
  });
}

const idOption = idOptions('learning');

export const nexusCommand: Command = {
  definition: new SlashCommandBuilder()
    .setName('nexus')
    .setDescription('Contribute to the hub')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) => sub.setName('add').setDescription('Add a learning (opens a form)'))
    .addSubcommand((sub) =>
      sub
        .setName('edit')
        .setDescription('Edit a learning you wrote')
        .addIntegerOption((o) =>
          o.setName('id').setDescription('Learning number').setRequired(true).setMinValue(1),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('remove')
        .setDescription('Remove a learning you wrote')
        .addIntegerOption((o) =>
          o.setName('id').setDescription('Learning number').setRequired(true).setMinValue(1),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('import')
        .setDescription('Import a nexus document (.md or .txt, up to 256 KB)')
        .addAttachmentOption((o) =>
          o.setName('file').setDescription('The document').setRequired(true),
        ),
    )
    .addSubcommand((sub) =>
      sub.setName('stats').setDescription('Most used topics and what people look for in vain'),
    )
    .toJSON(),
  routes: {
    add: route({
      help: 'Add a learning under a topic (opens a form)',
      options: z.object({}),
      async run() {
        return showModal(
          learningModal(customId('nexus', 'submit'), 'Add a learning', undefined, true),
        );
      },
    }),
    edit: route({
      help: 'Edit a learning (opens a form)',
      who: 'the author or Manage Messages',
      options: idOption,
      async run(ctx, { id }) {
        const found = await owned.changeable(ctx, id);
        if ('refusal' in found) return notice(found.refusal);
        return showModal(
          learningModal(customId('nexus', 'save', id), `Edit learning #${id}`, found.entry),
        );
      },
    }),
    remove: route({
      help: 'Remove a learning (asks to confirm)',
      who: 'the author or Manage Messages',
      options: idOption,
      run: (ctx, { id }) => owned.confirmRemoval(ctx, id),
    }),
    import: route({
      help: 'Import a nexus document: learnings, challenges and best practices',
      permission: 'ManageGuild',
      options: z.object({
        file: z.object(
          { name: z.string(), url: z.string(), size: z.number() },
          { error: 'a file' },
        ),
      }),
      async run(ctx, { file }) {
        if (!/\.(md|markdown|txt)$/i.test(file.name))
          return notice(
            `Only .md or .txt files can be imported; ${file.name} is neither. Nothing was imported.`,
          );
        if (file.size > maxImportBytes)
          return notice(
            `${file.name} is over 256 KB. Split it, or import it with npm run import. Nothing was imported.`,
          );
        try {
          const bytes = await readAttachment(file, maxImportBytes);
          const report = await importDocument(ctx.db, bytes, {
            guildId: ctx.guildId,
            author: { id: null, name: ctx.actor.name },
            fileName: file.name,
            now: ctx.now(),
          });
          return reply({
            ephemeral: true,
            embeds: [
              {
                title: `Import of ${truncate(file.name, 200)}`,
                description: describeImport(report, 'this server', false),
                color: brandColor,
              },
            ],
          });
        } catch (error) {
          if (error instanceof ImportError || error instanceof RangeError)
            return notice(`${error.message}. Nothing was imported.`);
          throw error;
        }
      },
    }),
    stats: route({
      help: 'Most used topics and the most wanted ones',
      options: z.object({}),
      async run(ctx) {
        await ctx.counters.flush();
        const stats = await hubStats(ctx.db, ctx.guildId);
        const used = stats.mostUsed.map((t, i) => `${i + 1}. ${t.name} (${t.uses})`).join('\n');
        const wanted = stats.mostWanted
          .map((m, i) => `${i + 1}. "${truncate(m.query, 60)}" (${m.kind}, ${m.misses}×)`)
          .join('\n');
        const { shipped, community, imported } = stats.learnings;
        return reply({
          embeds: [
            {
              title: 'Nexus stats',
              description: `${stats.topics} topics · ${shipped + community + imported} learnings (${shipped} shipped, ${community} from the community, ${imported} imported)`,
              color: brandColor,
              fields: [
                { name: 'Most used topics', value: used || 'None yet' },
                { name: 'Most wanted (found nothing)', value: wanted || 'Nothing missing so far' },
              ],
            },
          ],
        });
      },
    }),
  },
  components: {
    /** The "Add a learning" button under a topic: the topic travels in the customId. */
    add: {
      async run(_ctx, [topicId]) {
        return showModal(
          learningModal(customId('nexus', 'submit-to', Number(topicId)), 'Add a learning'),
        );
      },
    },
    'submit-to': {
      async run(ctx, [topicId], fields) {
        const parsed = learningFields.safeParse(fields);
        if (!parsed.success) return invalidFields(parsed.error);
        return storeLearning(ctx, Number(topicId), parsed.data);
      },
    },
    submit: {
      async run(ctx, _args, fields) {
        const parsed = newLearningFields.safeParse(fields);
        if (!parsed.success) return invalidFields(parsed.error);
        const found = await findTopicByName(ctx.db, parsed.data.topic);
        if (!found) {
          const suggestions = await suggestTopics(ctx.db, parsed.data.topic);
          const hint =
            suggestions.length > 0
              ? ` Did you mean ${suggestions.map((t) => t.name).join(', ')}?`
              : '';
          return notice(
            `No topic "${truncate(parsed.data.topic, 100)}".${hint} Nothing was saved.`,
          );
        }
        return storeLearning(ctx, found.topic.id, parsed.data);
      },
    },
    save: {
      async run(ctx, [id], fields) {
        const found = await owned.changeable(ctx, Number(id));
        if ('refusal' in found) return notice(found.refusal);
        const parsed = learningFields.safeParse(fields);
        if (!parsed.success) return invalidFields(parsed.error);
        await editLearning(ctx.db, found.entry.id, { ...parsed.data, now: ctx.now() });
        return notice(`Updated learning #${found.entry.id}.`);
      },
    },
    ...owned.components,
  },
};
