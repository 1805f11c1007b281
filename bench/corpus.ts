import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewLearning } from '../src/db/schema.js';
import { listTopics } from '../src/learnings/topics.js';
import { prepareDatabase } from '../src/setup.js';
import { DEFAULT_GUILD_ID } from '../tests/support/discord-double.js';
import { seededRandom, weightedSampler } from './stats.js';

/** The double's guild, so the bot under the latency suite sees every synthetic learning too. */
export const benchGuildId = DEFAULT_GUILD_ID;

/**
 * The shared learnings database. `words` are the shipped learnings' distinct words, most frequent
 * first (the vocabulary every synthetic corpus draws from); `counts`, how often each occurs in
 * this corpus.
 */
export interface Corpus extends WordCounts {
  /** A prepared SQLite file: real migrations, shipped data, then the synthetic learnings. */
  path: string;
  learnings: number;
  /** Topic names, slugs and aliases: what people type into autocomplete. */
  topicNames: string[];
}

/** Lower-cased words of `text`, as the search tokenizer would split them. */
export const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
/** A whole number from `min` to `max`, both included. */
export const between = (random: () => number, min: number, max: number) =>
  min + Math.floor(random() * (max - min + 1));

/** A vocabulary, most frequent first, with how often each word occurs: what query mixes draw from. */
export interface WordCounts {
  words: string[];
  counts: number[];
}

/**
 * The synthetic text generator every corpus shares: sentences of words drawn from `vocabulary`
 * (most frequent first) with Zipf weights, 1/rank. Every word drawn is added to `counts`, which
 * starts from `initial` (the words already in the database), so queries can follow the corpus.
 */
export function wordGenerator(
  vocabulary: readonly string[],
  random: () => number,
  initial: readonly number[] = [],
): { sentence: (min: number, max: number) => string; counts: number[] } {
  const nextWord = weightedSampler(
    vocabulary.map((_, rank) => rank),
    vocabulary.map((_, rank) => 1 / (rank + 1)),
    random,
  );
  const counts = vocabulary.map((_, rank) => initial[rank] ?? 0);
  const sentence = (min: number, max: number) => {
    const ranks = Array.from({ length: between(random, min, max) }, nextWord);
    for (const rank of ranks) counts[rank] = (counts[rank] ?? 0) + 1;
    return ranks.map((rank) => vocabulary[rank]).join(' ');
  };
  return { sentence, counts };
}

/** How often each word of `vocabulary` occurs in `texts`. */
export function countWords(vocabulary: readonly string[], texts: readonly string[]): number[] {
  const rankOf = new Map(vocabulary.map((word, rank) => [word, rank]));
  const counts = vocabulary.map(() => 0);
  for (const word of texts.flatMap(wordsOf)) {
    const rank = rankOf.get(word);
    if (rank !== undefined) counts[rank] = (counts[rank] ?? 0) + 1;
  }
  return counts;
}

/** Capitalises a generated sentence for use as a title. */
export const titleCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Synthetic community learnings from the shipped learnings' own vocabulary: a word's weight is
 * 1/rank of its shipped frequency (Zipf), so common words are common here too.
 */
export async function buildCorpus(count: number, seed = 1): Promise<Corpus> {
  const path = join(mkdtempSync(join(tmpdir(), 'nexus-bench-')), 'nexus.db');
  const { db } = await prepareDatabase(path);
  try {
    const random = seededRandom(seed);
    const shipped = await db.selectFrom('learnings').select(['title', 'body']).execute();
    const shippedCounts = new Map<string, number>();
    for (const word of shipped.flatMap((l) => wordsOf(`${l.title} ${l.body}`)))
      shippedCounts.set(word, (shippedCounts.get(word) ?? 0) + 1);
    const vocabulary = [...shippedCounts.keys()].sort(
      (a, b) => (shippedCounts.get(b) ?? 0) - (shippedCounts.get(a) ?? 0) || a.localeCompare(b),
    );
    // Every word's count in the whole corpus: the shipped learnings, then each one drawn.
    const { sentence, counts } = wordGenerator(
      vocabulary,
      random,
      vocabulary.map((word) => shippedCounts.get(word) ?? 0),
    );

    const topics = await listTopics(db);
    const stamp = new Date().toISOString();
    const rows = Array.from({ length: count }, (): NewLearning => {
      const author = between(random, 1, 5000);
      const title = sentence(3, 8);
      return {
        topic_id: topics[Math.floor(random() * topics.length)]?.id ?? 0,
        guild_id: benchGuildId,
        origin: 'community',
        author_id: String(1_400_000_000_000_000_000n + BigInt(author)),
        author_name: `member${author}`,
        source: null,
        title: titleCase(title),
        body: `${sentence(40, 80)}.`,
        position: 0,
        created_at: stamp,
        updated_at: stamp,
      };
    });
    await db.transaction().execute(async (trx) => {
      for (let start = 0; start < rows.length; start += 500)
        await trx
          .insertInto('learnings')
          .values(rows.slice(start, start + 500))
          .execute();
    });

    const topicNames = topics.flatMap((t) => [t.name, t.slug, ...t.aliases]);
    return { path, learnings: count, words: vocabulary, counts, topicNames };
  } finally {
    await db.destroy();
  }
}

/** `count` queries of 1 to 3 words, each word drawn by its frequency in the corpus. */
export function queryMix(corpus: WordCounts, count: number, seed = 2): string[] {
  const random = seededRandom(seed);
  const nextWord = weightedSampler(corpus.words, corpus.counts, random);
  return Array.from({ length: count }, () =>
    Array.from({ length: between(random, 1, 3) }, nextWord).join(' '),
  );
}

/** What someone has typed so far: a prefix (1 character to whole) of a topic name or alias. */
export function typedPrefixes(corpus: Corpus, count: number, seed = 3): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const name = corpus.topicNames[Math.floor(random() * corpus.topicNames.length)] ?? '';
    return name.slice(0, between(random, 1, name.length));
  });
}
