import { sql } from 'kysely';
import { openDatabase } from '../src/db/open.js';
import type { Db } from '../src/db/schema.js';
import { searchLearnings } from '../src/learnings/search.js';
import { autocompleteTopics } from '../src/learnings/topics.js';
import { rankedCandidates, searchTerms } from '../src/search/fts.js';
import { benchGuildId, type Corpus, queryMix, typedPrefixes } from './corpus.js';
import type { SuiteResult } from './report.js';
import { compareSearch, handlingNote, matchCount } from './search.js';
import { summarize, timeEach } from './stats.js';

const autocompleteCalls = 2000;
const searchQueries = 1000;
/** The ranked baseline reads the whole table on every call, so it runs the first 300 queries. */
const rankedQueries = 300;
const warmUpCalls = 100;

/** The filter both baselines share: substring scans, every word in the title or the body. */
function naiveFilter(db: Db, guildId: string, words: readonly string[]) {
  let query = db
    .selectFrom('learnings')
    .select(['id', 'topic_id', 'title'])
    .where((eb) => eb.or([eb('guild_id', 'is', null), eb('guild_id', '=', guildId)]));
  for (const word of words) {
    query = query.where((eb) =>
      eb.or([eb('title', 'like', `%${word}%`), eb('body', 'like', `%${word}%`)]),
    );
  }
  return query;
}

/**
 * The goal's baseline, the same feature as /search done naively: every matching row scored in
 * SQL (a word in the title weighs 4, in the body 1, summed over the words), the best ten kept.
 */
function naiveRankedSearch(db: Db, guildId: string, text: string) {
  const words = searchTerms(text);
  if (words.length === 0) return Promise.resolve([]);
  const has = (column: 'title' | 'body', word: string) =>
    sql<number>`(${sql.ref(column)} like ${`%${word}%`})`;
  const relevance = sql.join(
    words.map((word) => sql`4 * ${has('title', word)} + ${has('body', word)}`),
    sql` + `,
  );
  return naiveFilter(db, guildId, words)
    .orderBy(sql`${relevance}`, 'desc')
    .orderBy('id', 'desc')
    .limit(10)
    .execute();
}

/** The reference without a goal: the same filter, the first ten matches by id, no ranking. */
function naiveUnrankedSearch(db: Db, guildId: string, text: string) {
  return naiveFilter(db, guildId, searchTerms(text)).orderBy('id').limit(10).execute();
}

export async function learningsSuite(corpus: Corpus): Promise<SuiteResult> {
  const db = openDatabase(corpus.path);
  try {
    const prefixes = typedPrefixes(corpus, autocompleteCalls);
    const queries = queryMix(corpus, searchQueries);
    const ours = (text: string) => searchLearnings(db, benchGuildId, text);

    // Warm up SQLite's page cache and the JIT. Autocomplete is cheap, so it gets a whole pass,
    // which also pays for collecting the garbage the corpus build left behind.
    await timeEach(prefixes, (typed) => autocompleteTopics(db, typed));
    const autocomplete = summarize(
      'autocomplete (autocompleteTopics)',
      await timeEach(prefixes, (typed) => autocompleteTopics(db, typed)),
    );

    const compared = await compareSearch({
      noun: 'learnings',
      queries,
      rankedQueries,
      warmUpCalls,
      oursLabel: '/search (searchLearnings, FTS5 + bm25)',
      ours,
      ranked: (text) => naiveRankedSearch(db, benchGuildId, text),
      unranked: (text) => naiveUnrankedSearch(db, benchGuildId, text),
      matchCount: (text) => matchCount(db, 'learnings_fts', text),
    });
    const { oursSamples, ranked, unranked, buckets, handled } = compared;

    const singleWord = queries
      .map((query, i) => ({ query, ms: oursSamples[i] as number }))
      .filter(({ query }) => searchTerms(query).length === 1)
      .sort((a, b) => b.ms - a.ms)[0];
    const slowestMatches = singleWord ? await matchCount(db, 'learnings_fts', singleWord.query) : 0;
    const stored = await db
      .selectFrom('learnings')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();

    const count = (value: number) => value.toLocaleString('en');
    const rankedBuckets = buckets.flatMap(({ label, ranked }) =>
      ranked ? [`${ranked.p50.toFixed(0)} ms for queries matching ${label}`] : [],
    );
    return {
      suite: 'learnings',
      title: 'Learnings: autocomplete and /search over 100,000 learnings',
      timings: [autocomplete, ...compared.timings],
      values: [
        { name: 'learnings in the database', value: Number(stored.count), unit: 'rows' },
        {
          name: `slowest single-word query "${singleWord?.query}"`,
          value: singleWord?.ms ?? 0,
          unit: 'ms',
        },
        { name: `learnings matching "${singleWord?.query}"`, value: slowestMatches, unit: 'rows' },
      ],
      ratios: compared.ratios,
      goals: [
        {
          goal: 'autocomplete p99 < 2 ms',
          actual: `${autocomplete.p99.toFixed(2)} ms`,
          met: autocomplete.p99 < 2,
        },
        ...compared.goals,
      ],
      notes: [
        `A temporary SQLite file is prepared with \`prepareDatabase\` (real migrations, shipped learnings), then ${count(corpus.learnings)} community learnings of one guild are inserted in one transaction, spread evenly over the shipped topics. Their words come from the shipped learnings' own vocabulary (${count(corpus.words.length)} words), drawn with Zipf weights (1/rank of the word's shipped frequency): titles 3–8 words, bodies 40–80 words.`,
        `Autocomplete: ${count(autocompleteCalls)} calls with prefixes (1 character to whole) of topic names, slugs and aliases. /search: ${count(searchQueries)} queries of 1–3 words, each word drawn by its frequency in the corpus, so common words ("and", "the") are common in queries too, timed through \`searchLearnings\`. Calls run one at a time, after a warm-up: one whole autocomplete pass (it also absorbs the garbage collection of the corpus build), ${warmUpCalls} searches, ${warmUpCalls} unranked and ${warmUpCalls / 10} ranked naive searches.`,
        `Two naive baselines run the same queries, both with the filter \`(guild_id is null or guild_id = ?) and (title like '%w%' or body like '%w%') [and … per word]\`. The goals compare against the **ranked** one, because it is the same feature as /search (the best ten, not any ten): \`order by 4 * (title like '%w%') + (body like '%w%') [+ … per word] desc, id desc limit 10\`. To find the best ten it must score every matching row, and a leading-% LIKE can use no index, so every call reads the whole table (${ranked.p50.toFixed(0)} ms at p50); that is what a naive ranked search costs, so it runs only the first ${count(rankedQueries)} queries of the mix and the goal ratios compare /search on those same queries. It is not a like-for-like ranking: its relevance (substring present or not, title 4, body 1) is cruder than bm25 (stemmed words, term rarity, text length); /search ranks only a bounded candidate set, the first ${count(rankedCandidates)} matches the server can see in key order (every shipped one, then the newest), so for a common word its ten are the best of those rather than of every match, which is part of why it is faster; it leaves out words found in at least half of the learnings when the query has other words (bm25 gives such words no weight, yet reading their posting lists was most of a search's cost; the baseline still requires them), and when every word is that common it lists title matches, then the newest, without bm25; and /search runs a second, any-word query when fewer than ten learnings have every word, which the baseline never does. The second baseline, a reference with no goal, is the suite's former one: the same filter, \`order by id limit 10\`, no ranking. It returns the first ten matches, the oldest, not the best, so it stops after a handful of rows for a common word and is then faster than /search (${unranked ? `${unranked.p50.toFixed(2)} ms at p50` : 'see below'}); it reads the whole table only when fewer than ten rows match, which is where its p99 comes from.`,
        `The query mix is also split by how many learnings contain every word of the query (FTS5 count). /search ranks with bm25, whose cost follows how many matches it scores (up to the bound): ${buckets.map(({ label, ours }) => `p50 ${ours.p50.toFixed(1)} ms for queries matching ${label}`).join(', ')}. The ranked baseline reads the whole table whatever the query, and more words mean more LIKEs per row: p50 ${rankedBuckets.join(', ')}. The slowest single-word /search query, "${singleWord?.query}", matches ${count(slowestMatches)} of ${count(Number(stored.count))} learnings.`,
        handlingNote(handled, 'learnings'),
      ],
    };
  } finally {
    await db.destroy();
  }
}
