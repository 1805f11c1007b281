import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Insertable, sql } from 'kysely';
import { searchChallenges } from '../src/challenges/search.js';
import { openDatabase } from '../src/db/open.js';
import type { ChallengeTable, Db, SolutionTable } from '../src/db/schema.js';
import { rankedCandidates, searchTerms } from '../src/search/fts.js';
import { prepareDatabase } from '../src/setup.js';
import {
  benchGuildId,
  between,
  type Corpus,
  countWords,
  queryMix,
  titleCase,
  type WordCounts,
  wordGenerator,
} from './corpus.js';
import type { SuiteResult } from './report.js';
import { compareSearch, handlingNote, matchCount } from './search.js';
import { seededRandom } from './stats.js';

export interface ChallengeCorpus extends WordCounts {
  path: string;
  challenges: number;
  solutions: number;
  /** Wall time of the insert transaction alone (the FTS triggers fire inside it). */
  insertSeconds: number;
}

/** Share of synthetic challenges that come with one solution. */
export const withSolution = 0.8;

/**
 * `count` synthetic community challenges of one guild in their own prepared SQLite file, from the
 * learnings corpus's vocabulary and Zipf generator: title 3–8 words, body 20–60 words and, for
 * most of them, one solution of 20–60 words. One transaction; the challenges_fts triggers fire
 * for every challenge and again for every solution.
 */
export async function buildChallengeCorpus(
  vocabulary: readonly string[],
  count: number,
  seed = 4,
): Promise<ChallengeCorpus> {
  const path = join(mkdtempSync(join(tmpdir(), 'nexus-bench-challenges-')), 'nexus.db');
  const { db } = await prepareDatabase(path).catch((error: unknown) => {
    rmSync(dirname(path), { recursive: true, force: true });
    throw error;
  });
  let built = false;
  try {
    const random = seededRandom(seed);
    const [shipped, shippedSolutions] = await Promise.all([
      db.selectFrom('challenges').select(['title', 'body']).execute(),
      db.selectFrom('solutions').select('body').execute(),
    ]);
    const { sentence, counts } = wordGenerator(
      vocabulary,
      random,
      countWords(vocabulary, [
        ...shipped.flatMap((c) => [c.title, c.body]),
        ...shippedSolutions.map((s) => s.body),
      ]),
    );
    const stamp = new Date().toISOString();
    const drafts = Array.from({ length: count }, () => {
      const author = between(random, 1, 5000);
      const challenge: Insertable<ChallengeTable> = {
        guild_id: benchGuildId,
        origin: 'community',
        author_id: String(1_400_000_000_000_000_000n + BigInt(author)),
        author_name: `member${author}`,
        source: null,
        title: titleCase(sentence(3, 8)),
        body: `${sentence(20, 60)}.`,
        free_tags: '[]',
        promoted_learning_id: null,
        created_at: stamp,
        updated_at: stamp,
      };
      const solver = between(random, 1, 5000);
      const solution = random() < withSolution ? `${sentence(20, 60)}.` : undefined;
      return { challenge, solution, solver };
    });

    const start = performance.now();
    let solutions = 0;
    await db.transaction().execute(async (trx) => {
      for (let at = 0; at < drafts.length; at += 500) {
        const batch = drafts.slice(at, at + 500);
        const ids = await trx
          .insertInto('challenges')
          .values(batch.map((d) => d.challenge))
          .returning('id')
          .execute();
        const rows: Insertable<SolutionTable>[] = batch.flatMap(({ solution, solver }, i) =>
          solution === undefined
            ? []
            : [
                {
                  challenge_id: ids[i]?.id ?? 0,
                  guild_id: benchGuildId,
                  origin: 'community',
                  author_id: String(1_400_000_000_000_000_000n + BigInt(solver)),
                  author_name: `member${solver}`,
                  body: solution,
                  created_at: stamp,
                },
              ],
        );
        solutions += rows.length;
        if (rows.length > 0) await trx.insertInto('solutions').values(rows).execute();
      }
    });
    const insertSeconds = (performance.now() - start) / 1000;
    built = true;
    return { path, challenges: count, solutions, insertSeconds, words: [...vocabulary], counts };
  } finally {
    await db.destroy();
    if (!built) rmSync(dirname(path), { recursive: true, force: true });
  }
}

const challenges = 100_000;
const searchQueries = 1000;
/** The ranked baseline reads every challenge on every call, so it runs the first 300 queries. */
const rankedQueries = 300;
const warmUpCalls = 100;

/**
 * The baseline: the same feature as /search kind:challenges done naively. Every word must be in
 * the title, the text or one of the challenge's solutions (all of them, as challenges_fts indexes
 * them); every matching challenge is scored in SQL with bm25's column weights (title 4, text 2,
 * solutions 1, summed over the words) and the best ten are kept.
 */
function naiveRankedChallenges(db: Db, guildId: string, text: string) {
  const words = searchTerms(text);
  if (words.length === 0) return Promise.resolve([]);
  const like = (word: string) => `%${word}%`;
  const inSolutions = (word: string) =>
    sql<number>`exists (select 1 from solutions s where s.challenge_id = c.id and s.body like ${like(word)})`;
  const filter = sql.join(
    words.map(
      (word) =>
        sql`(c.title like ${like(word)} or c.body like ${like(word)} or ${inSolutions(word)})`,
    ),
    sql` and `,
  );
  const relevance = sql.join(
    words.map(
      (word) =>
        sql`4 * (c.title like ${like(word)}) + 2 * (c.body like ${like(word)}) + ${inSolutions(word)}`,
    ),
    sql` + `,
  );
  return sql<{ id: number; title: string }>`
    select c.id, c.title from challenges c
    where (c.guild_id is null or c.guild_id = ${guildId}) and ${filter}
    order by ${relevance} desc, c.id desc
    limit 10`.execute(db);
}

export async function challengesSuite(corpus: Corpus): Promise<SuiteResult> {
  const buildStart = performance.now();
  const built = await buildChallengeCorpus(corpus.words, challenges);
  const buildSeconds = (performance.now() - buildStart) / 1000;
  process.stderr.write(
    `database with ${challenges} challenges built in ${buildSeconds.toFixed(1)} s\n`,
  );
  const db = openDatabase(built.path);
  try {
    const queries = queryMix(built, searchQueries);
    const compared = await compareSearch({
      noun: 'challenges',
      queries,
      rankedQueries,
      warmUpCalls,
      oursLabel: '/search kind:challenges (searchChallenges, FTS5 + bm25)',
      ours: (text) => searchChallenges(db, benchGuildId, text),
      ranked: (text) => naiveRankedChallenges(db, benchGuildId, text),
      matchCount: (text) => matchCount(db, 'challenges_fts', text),
    });
    const { ranked, buckets, handled } = compared;
    const [stored, storedSolutions] = await Promise.all(
      (['challenges', 'solutions'] as const).map((table) =>
        db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow(),
      ),
    );
    const count = (value: number) => value.toLocaleString('en');
    return {
      suite: 'challenges',
      title: 'Challenges: /search kind:challenges over 100,000 challenges',
      timings: compared.timings,
      values: [
        { name: 'challenges in the database', value: Number(stored?.count), unit: 'rows' },
        { name: 'solutions in the database', value: Number(storedSolutions?.count), unit: 'rows' },
        {
          name: 'building the challenges database (prepareDatabase, drawing, inserting)',
          value: buildSeconds,
          unit: 's',
        },
        {
          name: 'of which the insert transaction (FTS triggers included)',
          value: built.insertSeconds,
          unit: 's',
        },
      ],
      ratios: compared.ratios,
      goals: compared.goals,
      notes: [
        `A second temporary SQLite file is prepared with \`prepareDatabase\` (real migrations, shipped learnings and challenges), then ${count(built.challenges)} community challenges of one guild are inserted in one transaction, with ${count(built.solutions)} solutions (one for about ${Math.round(withSolution * 100)}% of them). Their words come from the same generator as the learnings corpus (the shipped learnings' vocabulary, Zipf weights): titles 3–8 words, texts 20–60 words, solutions 20–60 words. The challenges_fts triggers fire inside the transaction, once per challenge and again per solution (which rebuilds its challenge's FTS row); the transaction took ${built.insertSeconds.toFixed(1)} s, the whole build ${buildSeconds.toFixed(1)} s.`,
        `/search kind:challenges: ${count(searchQueries)} queries of 1–3 words, each word drawn by its frequency in these challenges and their solutions, timed through \`searchChallenges\` (which also counts each hit's visible solutions), one at a time after ${warmUpCalls} warm-up searches and ${warmUpCalls / 10} warm-up baseline searches.`,
        `The baseline is a naive ranked search, the same feature done with LIKE: \`select c.id, c.title from challenges c where (c.guild_id is null or c.guild_id = ?) and (c.title like '%w%' or c.body like '%w%' or exists (select 1 from solutions s where s.challenge_id = c.id and s.body like '%w%')) [and … per word] order by 4 * (c.title like '%w%') + 2 * (c.body like '%w%') + exists (…) [+ … per word] desc, c.id desc limit 10\`, the weights of /search's bm25 columns. To find the best ten it scores every match, and a leading-% LIKE can use no index, so every call reads every challenge and, where the text does not already match, looks up its solutions (${ranked.p50.toFixed(0)} ms at p50); it therefore runs only the first ${count(rankedQueries)} queries of the mix, and the goal ratios compare /search on those same queries. As for learnings, its relevance is cruder than bm25, /search ranks only the first ${count(rankedCandidates)} matches the server can see in key order (shipped, then newest), leaves out words in at least half of the challenges when other words remain, lists title matches then the newest when every word is that common, and /search runs a second, any-word query when fewer than ten challenges have every word.`,
        `By how many challenges contain every word of the query (FTS5 count over title, text and solutions), /search takes ${buckets.map(({ label, ours }) => `p50 ${ours.p50.toFixed(1)} ms for queries matching ${label}`).join(', ')}; the ranked baseline reads every challenge whatever the query: ${buckets.flatMap(({ label, ranked }) => (ranked ? [`p50 ${ranked.p50.toFixed(0)} ms for queries matching ${label}`] : [])).join(', ')}.`,
        handlingNote(handled, 'challenges'),
      ],
    };
  } finally {
    await db.destroy();
    rmSync(dirname(built.path), { recursive: true, force: true });
  }
}
