import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { type Command, route } from '../src/interaction/command.js';
import { brandColor, notice, reply } from '../src/interaction/message.js';
import { searchLearnings } from '../src/learnings/search.js';
import { recordMiss } from '../src/learnings/stats.js';
import { truncate } from '../src/text.js';

const kinds = ['all', 'learnings'] as const;

const options = z.object({
  query: z
    .string()
    .trim()
    .min(1, 'type a few words to search for')
    .max(1000, 'at most 1,000 characters'),
  kind: z.enum(kinds, { error: `one of ${kinds.join(', ')}` }).default('all'),
});

function coverage(complete: number, shown: number): string {
  if (complete === shown) return '';
  if (complete === 0) return 'None of these has all of your words, only some. ';
  return `The first ${complete} ${complete === 1 ? 'has' : 'have'} all of your words; the rest only some. `;
}

export const searchCommand: Command = {
  definition: new SlashCommandBuilder()
    .setName('search')
    .setDescription('Search everything the hub knows')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) =>
      option
        .setName('query')
        .setDescription('Words to look for')
        .setRequired(true)
        .setMaxLength(1000),
    )
    .addStringOption((option) =>
      option
        .setName('kind')
        .setDescription('What to search (default: all)')
        .addChoices(...kinds.map((kind) => ({ name: kind, value: kind }))),
    )
    .toJSON(),
  routes: {
    '': route({
      help: 'Full-text search over learnings, best matches first',
      options,
      async run(ctx, { query }) {
        const { hits, complete } = await searchLearnings(ctx.db, ctx.guildId, query);
        const shown = truncate(query.replace(/\s+/g, ' '), 100);
        if (hits.length === 0) {
          await recordMiss(ctx.db, ctx.guildId, 'search', query, ctx.now());
          return notice(
            `Nothing found for "${shown}". Try other words, or share what you know with /nexus add.`,
          );
        }
        const lines = hits.map(
          (hit, index) =>
            `**${index + 1}. ${hit.topicName}** · ${hit.title} (#${hit.id})\n${truncate(hit.snippet, 300)}`,
        );
        return reply({
          embeds: [
            {
              title: truncate(`Results for "${shown}"`, 256),
              description: lines.join('\n\n'),
              color: brandColor,
              footer: `${coverage(complete, hits.length)}Open a topic with /learning <topic>`,
            },
          ],
        });
      },
    }),
  },
};
