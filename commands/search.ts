import { escapeMarkdown, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { searchChallenges } from '../src/challenges/search.js';
import { type Command, route } from '../src/interaction/command.js';
import { brandColor, type Embed, notice, reply } from '../src/interaction/message.js';
import { searchLearnings } from '../src/learnings/search.js';
import type { SearchResult } from '../src/search/fts.js';
import { truncate } from '../src/text.js';

const kinds = ['all', 'learnings', 'challenges'] as const;

const options = z.object({
  query: z
    .string({ error: 'text' })
    .trim()
    .min(1, 'type a few words to search for')
    .max(1000, 'at most 1,000 characters'),
  kind: z.enum(kinds, { error: `one of ${kinds.join(', ')}` }).default('all'),
});

function coverage(result: SearchResult<unknown>): string {
  const { complete, hits, ignored, ranked } = result;
  const quoted = (words: string[]) => words.map((word) => `"${word}"`).join(', ');
  const notes = [
    ignored.length > 0
      ? `Left out ${quoted(ignored)}: most entries contain ${ignored.length === 1 ? 'it' : 'them'}. `
      : '',
    ranked
      ? ''
      : 'Your words are in most entries, so entries with one of them in the title come first, then the rest, shipped then newest. ',
  ];
  if (complete === 0 && hits.length > 0)
    notes.push('None of these has all of your words, only some. ');
  else if (complete < hits.length)
    notes.push(
      `The first ${complete} ${complete === 1 ? 'has' : 'have'} all of your words; the rest only some. `,
    );
  return notes.join('');
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
      help: 'Full-text search over learnings and challenges, best matches first',
      options,
      async run(ctx, { query, kind }) {
        const shown = escapeMarkdown(truncate(query.replace(/\s+/g, ' '), 100));
        const [learnings, challenges] = await Promise.all([
          kind === 'challenges'
            ? undefined
            : searchLearnings(ctx.db, ctx.guildId, query, kind === 'all' ? 6 : 10),
          kind === 'learnings'
            ? undefined
            : searchChallenges(ctx.db, ctx.guildId, query, kind === 'all' ? 4 : 10),
        ]);
        if (!learnings?.hits.length && !challenges?.hits.length) {
          ctx.counters.missed(ctx.guildId, 'search', query, ctx.now());
          return notice(
            `Nothing found for "${shown}". Try other words, or share what you know with /nexus add or /challenge add.`,
          );
        }
        const embeds: Embed[] = [];
        if (learnings?.hits.length) {
          embeds.push({
            title: truncate(`Learnings for "${shown}"`, 256),
            description: learnings.hits
              .map(
                (hit, i) =>
                  `**${i + 1}. ${hit.topicName}** · ${hit.title} (#${hit.id})\n${truncate(hit.snippet, 250)}`,
              )
              .join('\n\n'),
            color: brandColor,
            footer: `${coverage(learnings)}Open a topic with /learning <topic>`,
          });
        }
        if (challenges?.hits.length) {
          embeds.push({
            title: truncate(`Challenges for "${shown}"`, 256),
            description: challenges.hits
              .map((hit) => {
                const solved =
                  hit.solutions === 0
                    ? 'no solution yet'
                    : `${hit.solutions} solution${hit.solutions === 1 ? '' : 's'}`;
                return `**#${hit.id} · ${hit.title}** (${solved})\n${truncate(hit.snippet, 250)}`;
              })
              .join('\n\n'),
            color: brandColor,
            footer: `${coverage(challenges)}Open one with /challenge show id:<id>`,
          });
        }
        return reply({ embeds });
      },
    }),
  },
};
