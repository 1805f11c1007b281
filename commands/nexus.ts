import { ImportError } from '../src/importer/decode.js';
import { describeImport } from '../src/importer/describe.js';
import { importDocument, maxImportBytes } from '../src/importer/store.js';
import { readAttachment } from '../src/interaction/attachments.js';
import { componentId, rowId } from '../src/interaction/component-id.js';
import { defineCommand, modal, route } from '../src/interaction/declare.js';
import { brandColor, notice, reply } from '../src/interaction/message.js';
import { option } from '../src/interaction/options.js';
import { ownership } from '../src/interaction/ownership.js';
import { editLearning, findLearning, removeLearning } from '../src/learnings/learnings.js';
import { hubStats } from '../src/learnings/stats.js';
import { findTopicByName, suggestTopics } from '../src/learnings/topics.js';
import { truncate } from '../src/text.js';
import { learningForm, newLearningForm, storeLearning } from './common/learning-form.js';

const owned = ownership({
  command: 'nexus',
  noun: 'learning',
  find: (ctx, id) => findLearning(ctx.db, ctx.guildId, id),
  remove: (ctx, learning) => removeLearning(ctx.db, learning.id),
});

/** /nexus add's form: the topic is typed in. */
const addForm = modal({
  id: componentId('nexus', 'submit', {}),
  form: newLearningForm,
  async run(ctx, fields) {
    const found = await findTopicByName(ctx.db, fields.topic);
    if (!found) {
      const suggestions = await suggestTopics(ctx.db, fields.topic);
      const hint =
        suggestions.length > 0 ? ` Did you mean ${suggestions.map((t) => t.name).join(', ')}?` : '';
      return notice(`No topic "${truncate(fields.topic, 100)}".${hint} Nothing was saved.`);
    }
    return storeLearning(ctx, found.topic.id, fields);
  },
});

/** /nexus edit's form, answered only for the author or a moderator. */
const editForm = modal({
  id: componentId('nexus', 'save', { id: rowId }),
  form: learningForm,
  requires: owned.mayChange,
  async run(ctx, { title, body }, learning) {
    await editLearning(ctx.db, learning.id, { title, body, now: ctx.now() });
    return notice(`Updated learning #${learning.id}.`);
  },
});

export const nexusCommand = defineCommand({
  name: 'nexus',
  description: 'Contribute to the hub',
  routes: {
    add: route({
      description: 'Add a learning (opens a form)',
      help: 'Add a learning under a topic (opens a form)',
      options: {},
      run: async () => addForm.open({}, 'Add a learning'),
    }),
    edit: route({
      description: 'Edit a learning you wrote',
      help: 'Edit a learning (opens a form)',
      options: owned.idOption,
      requires: owned.mayChange,
      run: async (_ctx, { id }, learning) =>
        editForm.open({ id }, `Edit learning #${id}`, learning),
    }),
    remove: owned.removeRoute({
      description: 'Remove a learning you wrote',
      help: 'Remove a learning (asks to confirm)',
    }),
    import: route({
      description: 'Import a nexus document (.md or .txt, up to 256 KB)',
      help: 'Import a nexus document: learnings, challenges and best practices',
      permission: 'ManageGuild',
      options: { file: option.file('The document') },
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
      description: 'Most used topics and what people look for in vain',
      help: 'Most used topics and the most wanted ones',
      options: {},
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
  components: [addForm, editForm, ...owned.components],
});
