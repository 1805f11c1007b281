/**
 * `npm run bench`: builds the shared 100,000-learning database, runs every suite in sequence (the
 * challenges suite builds its own 100,000-challenge database from the same vocabulary),
 * prints each figure as a JSON line on stdout and rewrites docs/benchmarks.md.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { challengesSuite } from './challenges.js';
import { cohortSuite } from './cohort.js';
import { buildCorpus, type Corpus } from './corpus.js';
import { fanoutSuite } from './fanout.js';
import { importBlockSuite } from './import-block.js';
import { latencySuite } from './latency.js';
import { learningsSuite } from './learnings.js';
import { pairingSuite } from './pairing.js';
import { jsonLines, markdown, type SuiteResult } from './report.js';

const suites: ((corpus: Corpus) => Promise<SuiteResult>)[] = [
  learningsSuite,
  challengesSuite,
  latencySuite,
  pairingSuite,
  fanoutSuite,
  cohortSuite,
  async () => ({
    suite: 'import',
    title: 'Imports: the event loop and /learning while a document is read',
    ...(await importBlockSuite()),
  }),
];
const learnings = 100_000;
const docPath = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

const startedAt = new Date();
const loadBefore = loadavg()[0] ?? 0;
const buildStart = performance.now();
const corpus = await buildCorpus(learnings);
const buildSeconds = (performance.now() - buildStart) / 1000;
process.stderr.write(
  `database with ${learnings} learnings built in ${buildSeconds.toFixed(1)} s\n`,
);
try {
  const results: SuiteResult[] = [];
  for (const suite of suites) {
    const result = await suite(corpus);
    for (const line of jsonLines(result)) process.stdout.write(`${line}\n`);
    results.push(result);
  }
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  writeFileSync(docPath, markdown(results, { startedAt, loadBefore, seconds }));
  process.stderr.write(`wrote ${docPath} (${seconds.toFixed(0)} s)\n`);
} finally {
  rmSync(dirname(corpus.path), { recursive: true, force: true });
}
