import { getPriority } from 'node:os';
import { setTimeout } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/schema.js';
import { ImportError } from '../../src/importer/parse.js';
import { importDocument } from '../../src/importer/store.js';
import { watchEventLoop } from '../support/event-loop.js';
import { amina, createHarness, type Harness, textOf } from '../support/harness.js';
import { emphasisRun, topicHeadings } from './slow-documents.js';

/**
 * The longest the event loop may be held while an import runs. Reading either document on the
 * main thread holds it for most of a second (the headings) or seconds (the crafted run); a loaded
 * machine's garbage collections alone stay well under this.
 */
const heldAtMostMs = 250;

const options = {
  guildId: '800000000000000001',
  author: { id: null, name: 'amina' },
  fileName: 'slow.md',
  now: new Date('2026-11-22T09:00:00Z'),
};

const imported = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('learnings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('origin', '=', 'imported')
        .executeTakeFirstOrThrow()
    ).n,
  );

/**
 * Runs `work` while /learning docker is asked again and again through the real router, each call
 * a millisecond after the last answer (back to back, the garbage of tens of thousands of calls has
 * the collector hold the loop more than the import does). Returns what `work` settled with, the
 * answers, and the event loop's longest gap meanwhile.
 */
async function alongsideLearning<T>(bot: Harness, work: () => Promise<T>) {
  const loop = watchEventLoop();
  let working = true;
  const answers: string[] = [];
  const asking = (async () => {
    while (working) {
      await setTimeout(1);
      answers.push(textOf(await bot.run(amina, 'learning', '', { topic: 'docker' })));
    }
  })();
  const outcome = await work().then(
    (value) => ({ value, error: null }),
    (error: unknown) => ({ value: null, error }),
  );
  working = false;
  const longestGapMs = loop.stop();
  await asking;
  return { ...outcome, answers, longestGapMs };
}

describe('importing without holding the event loop', () => {
  it('refuses a crafted run of *_ once its budget runs out, stores nothing, and /learning keeps answering', async () => {
    const bot = await createHarness({ burst: 1_000_000 });
    const priority = getPriority();
    const { error, answers, longestGapMs } = await alongsideLearning(bot, () =>
      importDocument(bot.db, emphasisRun(30_000), { ...options, parseBudgetMs: 100 }),
    );
    // The worker lowered its own priority, not the bot's.
    expect(getPriority()).toBe(priority);
    expect(error).toEqual(
      new ImportError(
        'The document took over 0.1 s to read and was stopped; try importing it in smaller parts',
      ),
    );
    expect(await imported(bot.db)).toBe(0);
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) expect(answer).toContain('Docker');
    expect(longestGapMs).toBeLessThan(heldAtMostMs);

    // The worker was terminated: nothing in this process keeps computing.
    const before = process.cpuUsage();
    await setTimeout(100);
    const { user, system } = process.cpuUsage(before);
    expect((user + system) / 1000).toBeLessThan(30);
  });

  it('imports two thousand topic headings in full while /learning keeps answering', async () => {
    const bot = await createHarness({ burst: 1_000_000 });
    const { value, answers, longestGapMs } = await alongsideLearning(bot, () =>
      importDocument(bot.db, topicHeadings(2000), options),
    );
    expect(value?.created).toBe(2000);
    expect(Object.keys(value?.topics ?? {}).sort()).toEqual([
      'Django',
      'Docker',
      'Python',
      'Redis',
    ]);
    expect(await imported(bot.db)).toBe(2000);
    expect(answers.length).toBeGreaterThan(0);
    expect(longestGapMs).toBeLessThan(heldAtMostMs);
  });

  it('refuses the same headings within a budget too small to read them, storing none, and imports the next document', async () => {
    const bot = await createHarness();
    await expect(
      importDocument(bot.db, topicHeadings(1000), { ...options, parseBudgetMs: 1 }),
    ).rejects.toThrow(ImportError);
    expect(await imported(bot.db)).toBe(0);
    const next = await importDocument(bot.db, topicHeadings(4), options);
    expect(next.created).toBe(4);
  });
});
