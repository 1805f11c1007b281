import { escapeMarkdown } from 'discord.js';
import { searchChallenges } from '../src/challenges/search.js';
import { defineCommand, route } from '../src/interaction/declare.js';
import { brandColor, type Embed, notice, reply } from '../src/interaction/message.js';
import { option } from '../src/interaction/options.js';
import { searchLearnings } from '../src/learnings/search.js';
import type { SearchResult } from '../src/search/fts.js';
import { truncate } from '../src/text.js';

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

export const searchCommand = defineCommand({
  name: 'search',
  description: 'Search everything the hub knows',
  routes: {
    '': route({
      help: 'Full-text search over learnings and challenges, best matches first',
      options: {
        query: option.text({
          description: 'Words to look for',
          max: 1000,
          min: { length: 1, message: 'type a few words to search for' },
        }),
        kind: option
          .choice(['all', 'learnings', 'challenges'], 'What to search (default: all)')
          .default('all'),
      },
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
});
