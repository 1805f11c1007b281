import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/schema.js';
import { exportHub } from '../../src/importer/export.js';
import { ImportError } from '../../src/importer/parse.js';
import { importDocument, titleAndBody } from '../../src/importer/store.js';
import { addLearning } from '../../src/learnings/learnings.js';
import { loadShippedLearnings } from '../../src/learnings/shipped.js';
import { shippedLearningsDir } from '../../src/setup.js';
import { preparedDb, tempDir, topicBySlug } from '../support/db.js';
import { SEEDS_DIR } from './helpers.js';

const guild = '800000000000000001';
const now = new Date('2026-11-22T09:00:00Z');
const seeds = readdirSync(SEEDS_DIR).sort();
const options = (fileName: string) => ({
  guildId: guild,
  author: { id: null, name: 'amina' },
  fileName,
  now,
});

async function counts(db: Db) {
  const count = async (table: 'learnings' | 'challenges' | 'solutions' | 'challenge_topics') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    learnings: await count('learnings'),
    challenges: await count('challenges'),
    solutions: await count('solutions'),
    tags: await count('challenge_topics'),
  };
}

describe('importing nexus documents', () => {
  it.each(seeds)(
    'stores %s with its source and author, and a second import changes nothing',
    async (seed) => {
      const { db } = await preparedDb();
      const text = readFileSync(join(SEEDS_DIR, seed), 'utf8');
      const first = await importDocument(db, text, options(seed));
      expect(first.created).toBeGreaterThan(0);
      const imported = await db
        .selectFrom('learnings')
        .selectAll()
        .where('origin', '=', 'imported')
        .execute();
      for (const row of imported) {
        expect(row).toMatchObject({ guild_id: guild, author_name: 'amina' });
        expect(row.source).toMatch(new RegExp(`^${seed}:\\d+$`));
      }
      const challenges = await db
        .selectFrom('challenges')
        .selectAll()
        .where('origin', '=', 'imported')
        .execute();
      expect(challenges).toHaveLength(first.challenges.length);
      const before = await counts(db);
      const second = await importDocument(db, text, options(seed));
      expect([second.created, second.updated]).toEqual([0, 0]);
      expect(second.skipped).toBe(first.created + first.skipped);
      expect(await counts(db)).toEqual(before);
      // The shipped-data loader never touches imported entries.
      await loadShippedLearnings(db, shippedLearningsDir, new Date('2027-01-01T00:00:00Z'));
      expect(
        await db.selectFrom('learnings').selectAll().where('origin', '=', 'imported').execute(),
      ).toEqual(imported);
    },
  );

  it('updates what an edited document changed at the same place', async () => {
    const { db } = await preparedDb();
    const doc = (learning: string, challenge: string) =>
      `# Notes\n\n## Docker\n\n- ${learning}\n\n## Challenges\n\n### Challenge: Slow builds\n\n${challenge}\n\n**Solution:** Cache the layers.\n`;
    const first = await importDocument(
      db,
      doc('Pin base image tags — Use a fixed version tag.', 'Builds take ten minutes.'),
      options('notes.md'),
    );
    expect([first.created, first.updated]).toEqual([2, 0]);
    const second = await importDocument(
      db,
      doc(
        'Pin base image tags — Use a fixed version tag, never the latest one.',
        'Builds take twenty minutes.',
      ),
      options('notes.md'),
    );
    expect([second.created, second.updated]).toEqual([0, 2]);
    const learning = await db
      .selectFrom('learnings')
      .select('body')
      .where('source', '=', 'notes.md:5')
      .executeTakeFirstOrThrow();
    expect(learning.body).toBe('Use a fixed version tag, never the latest one.');
    const challenge = await db
      .selectFrom('challenges')
      .select(['id', 'body'])
      .where('origin', '=', 'imported')
      .executeTakeFirstOrThrow();
    expect(challenge.body).toBe('Builds take twenty minutes.');
    expect(
      await db
        .selectFrom('solutions')
        .select('body')
        .where('challenge_id', '=', challenge.id)
        .execute(),
    ).toEqual([{ body: 'Cache the layers.' }]);
  });

  it('writes nothing on a dry run, and reports what it would do', async () => {
    const { db } = await preparedDb();
    const before = await counts(db);
    const report = await importDocument(db, readFileSync(join(SEEDS_DIR, seeds[1] ?? ''), 'utf8'), {
      ...options('x.md'),
      dryRun: true,
    });
    expect(report.created).toBeGreaterThan(0);
    expect(await counts(db)).toEqual(before);
  });

  it.each([
    ['', 'The file is empty'],
    ['   \n\n  ', 'The file is empty'],
    [
      new Uint8Array([0, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0, 7, 8]),
      'This looks like binary data, not text',
    ],
    ['x'.repeat(256 * 1024 + 1), 'The file is over 256 KB'],
    [
      'Just a shopping list.\nEggs and milk.\n',
      'No recognizable section (technologies, challenges, best practices) was found',
    ],
  ])('refuses bad input with a clear error and stores nothing (%#)', async (input, message) => {
    const { db } = await preparedDb();
    const before = await counts(db);
    await expect(importDocument(db, input, options('bad.md'))).rejects.toThrow(
      new ImportError(message),
    );
    expect(await counts(db)).toEqual(before);
  });

  it('never crashes nor writes part of a document, whatever the bytes (property)', async () => {
    const { db } = await preparedDb();
    const before = await counts(db);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        try {
          await importDocument(db, bytes, { ...options('fuzz.md'), dryRun: true });
        } catch (error) {
          expect(error).toBeInstanceOf(ImportError);
        }
        expect(await counts(db)).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it('reads "title — text" as the exporter writes it, and titles plain text by its first sentence', () => {
    expect(titleAndBody('Prune images weekly — Run docker image prune.')).toEqual({
      title: 'Prune images weekly',
      body: 'Run docker image prune.',
    });
    expect(titleAndBody('Used Redis for caching. It helped a lot.')).toEqual({
      title: 'Used Redis for caching',
      body: 'Used Redis for caching. It helped a lot.',
    });
  });
});

describe('exporting the hub', () => {
  it('writes the docs learners use, and importing them into an empty database reproduces the entries', async () => {
    const { db: source } = await preparedDb();
    for (const seed of seeds)
      await importDocument(source, readFileSync(join(SEEDS_DIR, seed), 'utf8'), options(seed));
    const docker = await topicBySlug(source, 'docker');
    await addLearning(source, {
      guildId: guild,
      topicId: docker.id,
      author: { id: '1', name: 'tunde' },
      title: 'Prune weekly',
      body: 'Run docker image prune -a\nevery Friday.',
      now,
    });
    const dir = tempDir();
    const report = await exportHub(source, guild, dir, now);
    expect(report.files.map((f) => f.slice(dir.length + 1))).toEqual([
      'docs/technologies.md',
      'docs/challenges-and-solutions.md',
      'docs/backend-best-practices.md',
      'README.md',
    ]);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(
      '[Challenges and solutions](docs/challenges-and-solutions.md)',
    );

    const { db: target } = await preparedDb();
    for (const file of [
      'technologies.md',
      'challenges-and-solutions.md',
      'backend-best-practices.md',
    ]) {
      const imported = await importDocument(
        target,
        readFileSync(join(dir, 'docs', file), 'utf8'),
        options(file),
      );
      expect(imported.notImported.map((n) => n.reason)).toEqual(['html']);
    }
    const entries = async (db: Db) =>
      (
        await db
          .selectFrom('learnings as l')
          .innerJoin('topics as t', 't.id', 'l.topic_id')
          .select(['t.slug', 'l.title', 'l.body'])
          .where('l.origin', '!=', 'shipped')
          .execute()
      )
        .map((l) => `${l.slug} | ${l.title} | ${l.body.replace(/\s+/g, ' ')}`)
        .sort();
    expect(await entries(target)).toEqual(await entries(source));
    const challenges = async (db: Db) =>
      (
        await db
          .selectFrom('challenges as c')
          .leftJoin('solutions as s', 's.challenge_id', 'c.id')
          .select(['c.title', 'c.body', 's.body as solution'])
          .execute()
      )
        .map((c) => `${c.title} | ${c.body} | ${c.solution}`.replace(/\s+/g, ' '))
        .sort();
    expect(await challenges(target)).toEqual(await challenges(source));
  });
});

describe('npm run import and npm run export', () => {
  const run = (script: string, args: string[], database: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('npm', ['run', script, '--', ...args], {
        env: { ...process.env, DATABASE_PATH: database, DISCORD_GUILD_ID: '', DISCORD_TOKEN: '' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('prints one JSON object with --json, imports into the console server, and exports', async () => {
    const database = join(tempDir(), 'nexus.db');
    const seed = join(SEEDS_DIR, seeds[2] ?? '');
    const dry = await run('import', [seed, '--json', '--dry-run'], database);
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(Object.keys(report)).toEqual([
      'created',
      'updated',
      'skipped',
      'repaired',
      'topics',
      'challenges',
      'bestPractices',
      'notImported',
    ]);
    expect(report.repaired).toBe(true);
    expect(report.challenges[0]).toEqual({
      title: expect.any(String),
      challenge: expect.any(String),
      solution: expect.any(String),
      lines: expect.any(Array),
    });
    expect(report.notImported[0]).toEqual({ line: expect.any(Number), text: expect.any(String) });

    const real = await run('import', [seed, '--author', 'bola'], database);
    expect(real.stdout).toMatch(/^Imported 002_\S+ into server 900000000000000001: \d+ created/);
    const again = JSON.parse((await run('import', [seed, '--json'], database)).stdout);
    expect([again.created, again.updated]).toEqual([0, 0]);
    const missing = await run('import', ['nope.md'], database);
    expect([missing.code, missing.stderr.trim().split('\n').at(-1)]).toEqual([
      1,
      'Cannot read nope.md',
    ]);

    const dir = tempDir();
    const exported = await run('export', [dir], database);
    expect(exported.code).toBe(0);
    expect(readFileSync(join(dir, 'docs', 'challenges-and-solutions.md'), 'utf8')).toContain(
      '## Challenge: ',
    );
  });
});
