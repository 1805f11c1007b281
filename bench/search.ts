import { sql } from 'kysely';
import type { Db } from '../src/db/schema.js';
import { searchTerms, shareSample, toFtsQuery } from '../src/search/fts.js';
import type { Goal, Ratio } from './report.js';
import { summarize, type Timing, timeEach } from './stats.js';

/** Buckets of the query mix by how many documents contain every word of the query. */
export const selectivity = [
  { label: 'under 1,000', below: 1000 },
  { label: '1,000 to 10,000', below: 10_000 },
  { label: 'over 10,000', below: Infinity },
];

type Search = (text: string) => Promise<unknown>;

/** What /search did with a query: the fields of its result that say so. */
interface Handling {
  ignored: readonly string[];
  ranked: boolean;
}

/** Groups of the query mix by how /search handled them (see `search` in src/search/fts.ts). */
const handlings = [
  {
    label: 'ranked by bm25 on every word',
    is: (h: Handling) => h.ranked && h.ignored.length === 0,
  },
  {
    label: 'ranked by bm25 with common words left out',
    is: (h: Handling) => h.ranked && h.ignored.length > 0,
  },
  {
    label: 'made only of common words (title matches, then newest)',
    is: (h: Handling) => !h.ranked,
  },
];

/** How many documents of an FTS5 index contain every word of `text`. */
export async function matchCount(
  db: Db,
  index: 'learnings_fts' | 'challenges_fts',
  text: string,
): Promise<number> {
  const match = toFtsQuery(searchTerms(text), 'all');
  const { rows } = await sql<{ count: number }>`
    select count(*) as count from ${sql.table(index)} where ${sql.table(index)} match ${match}`.execute(
    db,
  );
  return Number(rows[0]?.count ?? 0);
}

export interface SearchComparisonInput {
  /** What is searched, plural: "learnings", "challenges". */
  noun: string;
  /** The query mix; /search (and the unranked reference) run all of it. */
  queries: string[];
  /** The ranked baseline scans every matching row, so it runs only the first this many queries. */
  rankedQueries: number;
  warmUpCalls: number;
  /** Label of ours in the tables, e.g. "/search (searchLearnings, FTS5 + bm25)". */
  oursLabel: string;
  ours: (text: string) => Promise<Handling>;
  /** The naive ranked search: the goal's baseline. */
  ranked: Search;
  /** The naive unranked search (first ten by id), a reference without a goal. */
  unranked?: Search;
  /** How many documents contain every word of the query (FTS5 count). */
  matchCount: (text: string) => Promise<number>;
}

export interface SearchComparison {
  timings: Timing[];
  ratios: Ratio[];
  goals: Goal[];
  /** /search over the whole mix. */
  search: Timing;
  /** /search over the ranked baseline's queries, and the ranked baseline itself. */
  searchOnRanked: Timing;
  ranked: Timing;
  unranked: Timing | undefined;
  /** Per selectivity bucket: /search (whole mix) and the ranked baseline (its queries). */
  buckets: { label: string; ours: Timing; ranked: Timing | undefined }[];
  /** Per way /search handled the query: how many queries, and the same two timings. */
  handled: { label: string; queries: number; ours: Timing; ranked: Timing | undefined }[];
  /** Each query's match count, in query order. */
  matches: number[];
  /** Each query's /search time, in query order. */
  oursSamples: number[];
}

const rangeOf = (samples: number[], keep: (i: number) => boolean) =>
  samples.filter((_, i) => keep(i));

/**
 * Times /search against a naive ranked baseline on the same queries (and, if given, against the
 * naive unranked reference), overall and by how many documents match, with the goals every
 * search suite shares: p99 under 20 ms, and at least 20× faster than the ranked baseline at p50
 * and p99 (compared on the same queries).
 */
export async function compareSearch(input: SearchComparisonInput): Promise<SearchComparison> {
  const { noun, queries, ours, ranked, unranked } = input;
  const rankedQueries = queries.slice(0, input.rankedQueries);
  const n = rankedQueries.length;
  const all = queries.length.toLocaleString('en');
  const first = n.toLocaleString('en');

  // Warm up SQLite's page cache and the JIT.
  await timeEach(queries.slice(0, input.warmUpCalls), ours);
  if (unranked) await timeEach(queries.slice(0, input.warmUpCalls), unranked);
  await timeEach(queries.slice(0, Math.ceil(input.warmUpCalls / 10)), ranked);

  const oursSamples = await timeEach(queries, ours);
  const unrankedSamples = unranked ? await timeEach(queries, unranked) : undefined;
  const rankedSamples = await timeEach(rankedQueries, ranked);
  const inRanked = (i: number) => i < n;

  const search = summarize(`${input.oursLabel}, all ${all} queries`, oursSamples);
  const searchOnRanked = summarize(
    `${input.oursLabel}, the first ${first} queries (those the ranked baseline ran)`,
    rangeOf(oursSamples, inRanked),
  );
  const rankedTiming = summarize(
    `naive ranked LIKE baseline (scores every match), the first ${first} queries`,
    rankedSamples,
  );
  const unrankedTiming = unrankedSamples
    ? summarize(
        `reference, no goal: naive unranked LIKE (first ten by id), all ${all} queries`,
        unrankedSamples,
      )
    : undefined;

  const matches: number[] = [];
  const handled: Handling[] = [];
  for (const query of queries) {
    matches.push(await input.matchCount(query));
    handled.push(await ours(query));
  }
  /** Timings of the queries `member` selects: /search on all of them, the baseline on its own. */
  const group = (label: string, what: string, member: (i: number) => boolean) => {
    const oursIn = rangeOf(oursSamples, member);
    if (oursIn.length === 0) return [];
    const rankedIn = rankedSamples.filter((_, i) => member(i));
    const oursOnRankedIn = rangeOf(oursSamples, (i) => inRanked(i) && member(i));
    const unrankedIn = unrankedSamples ? rangeOf(unrankedSamples, member) : [];
    return [
      {
        label,
        queries: oursIn.length,
        ours: summarize(`/search, ${what}`, oursIn),
        oursOnRanked:
          oursOnRankedIn.length > 0 ? summarize('ours on ranked', oursOnRankedIn) : undefined,
        ranked:
          rankedIn.length > 0
            ? summarize(`naive ranked LIKE, ${what} (of the first ${first})`, rankedIn)
            : undefined,
        unranked:
          unrankedIn.length > 0
            ? summarize(`reference: naive unranked LIKE, ${what}`, unrankedIn)
            : undefined,
      },
    ];
  };
  const bucketOf = (i: number) =>
    selectivity.findIndex(({ below }) => (matches[i] as number) < below);
  const buckets = selectivity.flatMap(({ label }, bucket) =>
    group(label, `queries matching ${label} ${noun}`, (i) => bucketOf(i) === bucket),
  );
  const byHandling = handlings.flatMap(({ label, is }) =>
    group(label, `queries ${label}`, (i) => is(handled[i] as Handling)),
  );

  const versusRanked = (metric: 'p50' | 'p99') => searchOnRanked[metric] / rankedTiming[metric];
  const ratios: Ratio[] = [
    {
      name: `/search p50 ÷ naive ranked p50 (same ${first} queries)`,
      value: versusRanked('p50'),
    },
    {
      name: `/search p99 ÷ naive ranked p99 (same ${first} queries)`,
      value: versusRanked('p99'),
    },
    ...[...buckets, ...byHandling].flatMap(({ label, oursOnRanked, ranked }) =>
      oursOnRanked && ranked
        ? (['p50', 'p99'] as const).map((metric) => ({
            name: `/search ${metric} ÷ naive ranked ${metric}, queries ${buckets.some((b) => b.label === label) ? `matching ${label}` : label}`,
            value: oursOnRanked[metric] / ranked[metric],
          }))
        : [],
    ),
  ];
  if (unrankedTiming) {
    ratios.push(
      ...(['p50', 'p99'] as const).map((metric) => ({
        name: `reference: /search ${metric} ÷ naive unranked ${metric} (all ${all} queries)`,
        value: search[metric] / unrankedTiming[metric],
      })),
      ...buckets.flatMap(({ label, ours, unranked }) =>
        unranked
          ? (['p50', 'p99'] as const).map((metric) => ({
              name: `reference: /search ${metric} ÷ naive unranked ${metric}, queries matching ${label}`,
              value: ours[metric] / unranked[metric],
            }))
          : [],
      ),
    );
  }

  const goals: Goal[] = [
    {
      goal: '/search p99 < 20 ms',
      actual: `${search.p99.toFixed(2)} ms`,
      met: search.p99 < 20,
    },
    ...(['p50', 'p99'] as const).map((metric) => ({
      goal: `/search ≥ 20× faster than naive ranked LIKE at ${metric} (ratio ≤ 0.05)`,
      actual: `${versusRanked(metric).toFixed(3)}× (${searchOnRanked[metric].toFixed(2)} ms against ${rankedTiming[metric].toFixed(2)} ms)`,
      met: versusRanked(metric) <= 1 / 20,
    })),
  ];

  return {
    timings: [
      search,
      searchOnRanked,
      rankedTiming,
      ...(unrankedTiming ? [unrankedTiming] : []),
      ...[...buckets, ...byHandling].flatMap((b) =>
        [b.ours, b.ranked, b.unranked].filter((t): t is Timing => t !== undefined),
      ),
    ],
    ratios,
    goals,
    search,
    searchOnRanked,
    ranked: rankedTiming,
    unranked: unrankedTiming,
    buckets: buckets.map(({ label, ours, ranked }) => ({ label, ours, ranked })),
    handled: byHandling.map(({ label, queries, ours, ranked }) => ({
      label,
      queries,
      ours,
      ranked,
    })),
    matches,
    oursSamples,
  };
}

/** One sentence on how /search handled the mix, with each group's p50 beside the baseline's. */
export function handlingNote(handled: SearchComparison['handled'], noun: string): string {
  const parts = handled.map(
    ({ label, queries, ours, ranked }) =>
      `${queries.toLocaleString('en')} ${label} (p50 ${ours.p50.toFixed(1)} ms${ranked ? `; the baseline ${ranked.p50.toFixed(0)} ms on those of its queries` : ''})`,
  );
  return `How /search handled the mix: ${parts.join(', ')}. A word is common when its newest ${shareSample} matches sit at a density of at least one in two among the newest ${noun}; the ratio rows per group compare on that group's share of the baseline's queries.`;
}
