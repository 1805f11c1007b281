/**
 * Imports beside a running bot: documents the Markdown parser reads in quadratic time (a crafted
 * 120 KB run of `*_`, 10,000 topic headings, and 4,000 which it reads within the budget) imported
 * into the server /learning is asked about, with the event loop's longest block and /learning's
 * p99 meanwhile against its p99 idle.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import { ImportError } from '../src/importer/parse.js';
import { defaultParseBudgetMs } from '../src/importer/parse-thread.js';
import { importDocument } from '../src/importer/store.js';
import { emphasisRun, topicHeadings } from '../tests/importer/slow-documents.js';
import { watchEventLoop } from '../tests/support/event-loop.js';
import { createNexusRouter } from './bots.js';
import { learningCaller } from './cohort.js';
import { benchGuildId } from './corpus.js';
import type { SuiteResult } from './report.js';
import { summarize } from './stats.js';

const idleCalls = 2000;
const goals = { blockMs: 50, p99Ratio: 1.5 };
/**
 * A millisecond between calls: back to back, the million fresh members of ten seconds' calls filled
 * the heap with rate-limit buckets, and collecting them was what held the event loop.
 */
const pause = () => setTimeout(1);

const documents = [
  { name: 'a crafted 120 KB run of *_', text: emphasisRun(120 * 1024) },
  { name: '10,000 topic headings', text: topicHeadings(10_000) },
  // Read within the budget, so the transaction that stores it runs beside /learning too.
  { name: '4,000 topic headings', text: topicHeadings(4000) },
];

export async function importBlockSuite(): Promise<Omit<SuiteResult, 'suite' | 'title'>> {
  const dir = mkdtempSync(join(tmpdir(), 'nexus-import-block-'));
  const { db, router, close } = await createNexusRouter(join(dir, 'nexus.db'));
  try {
    const call = learningCaller(router);
    for (let i = 0; i < 200; i++) await call();
    const idle: number[] = [];
    for (let i = 0; i < idleCalls; i++) {
      idle.push(await call());
      await pause();
    }
    const quiet = summarize('/learning, no import running', idle);
    const result: Omit<SuiteResult, 'suite' | 'title'> = {
      timings: [quiet],
      values: [],
      ratios: [],
      goals: [],
      notes: [
        `/learning docker through the real router over one database connection, each call starting as a macrotask and timed from then to its answer, a millisecond apart: ${idleCalls.toLocaleString('en')} calls with nothing else running, then calls for as long as each import runs (/nexus import's path: importDocument reads the document in a worker thread within its ${defaultParseBudgetMs / 1000} s budget, then stores it in one transaction on the same connection, a turn of the event loop every 10 ms of writing). The longest block is the longest gap between two turns of a setImmediate loop run alongside.`,
      ],
    };
    for (const document of documents) {
      const loop = watchEventLoop();
      const started = performance.now();
      let running = true;
      const importing = importDocument(db, document.text, {
        guildId: benchGuildId,
        author: { id: null, name: 'bench' },
        fileName: 'slow.md',
        now: new Date(),
      })
        .then(
          (report) => `imported: ${report.created.toLocaleString('en')} learnings created`,
          (error: unknown) => {
            if (error instanceof ImportError) return `refused: ${error.message}`;
            throw error;
          },
        )
        .finally(() => {
          running = false;
        });
      const during: number[] = [];
      while (running) {
        during.push(await call());
        await pause();
      }
      const outcome = await importing;
      const seconds = (performance.now() - started) / 1000;
      const blockMs = loop.stop();
      const busy = summarize(`/learning while importing ${document.name}`, during);
      const ratio = busy.p99 / quiet.p99;
      result.timings.push(busy);
      result.values.push(
        {
          name: `importing ${document.name}: longest event-loop block`,
          value: blockMs,
          unit: 'ms',
        },
        { name: `importing ${document.name}: time to its outcome`, value: seconds, unit: 's' },
      );
      result.ratios.push({
        name: `/learning p99 while importing ${document.name} ÷ p99 idle`,
        value: ratio,
      });
      result.goals.push(
        {
          goal: `importing ${document.name} holds the event loop under ${goals.blockMs} ms at a time`,
          actual: `longest block ${blockMs.toFixed(1)} ms`,
          met: blockMs < goals.blockMs,
        },
        {
          goal: `/learning p99 while importing ${document.name} within ${goals.p99Ratio}× its idle p99`,
          actual: `${busy.p99.toFixed(2)} ms against ${quiet.p99.toFixed(2)} ms (${ratio.toFixed(2)}×, ${busy.n} calls during the import)`,
          met: ratio <= goals.p99Ratio,
        },
      );
      result.notes.push(
        `${document.name[0]?.toUpperCase()}${document.name.slice(1)}: ${outcome}, after ${seconds.toFixed(1)} s.`,
      );
    }
    return result;
  } finally {
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}
