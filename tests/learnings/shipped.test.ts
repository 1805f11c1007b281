import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';
import {
  loadShippedLearnings,
  parseTopicFile,
  readTopicFiles,
  ShippedDataError,
} from '../../src/learnings/shipped.js';
import { shippedLearningsDir } from '../../src/setup.js';
import { parseMarkdown } from '../../src/shipped-file.js';
import { tempDir, topicBySlug } from '../support/db.js';

// Counts the files whose front matter is read, through the real parser.
vi.mock('../../src/shipped-file.js', async (original) => {
  const actual = await original<typeof import('../../src/shipped-file.js')>();
  return { ...actual, parseMarkdown: vi.fn(actual.parseMarkdown) };
});

const now = new Date('2026-11-22T09:00:00Z');

async function emptyDb() {
  const db = openDatabase(join(tempDir(), 'nexus.db'));
  await migrateToLatest(db);
  return db;
}

function copyOfShippedData(): string {
  const dir = join(tempDir(), 'learnings');
  cpSync(shippedLearningsDir, dir, { recursive: true });
  return dir;
}

describe('shipped learnings in data/learnings', () => {
  it('are well formed, with unique aliases and several learnings per topic', async () => {
    const topics = await readTopicFiles(shippedLearningsDir);
    expect(topics.length).toBeGreaterThanOrEqual(30);
    for (const topic of topics) {
      expect(topic.learnings.length, topic.file).toBeGreaterThanOrEqual(3);
      for (const learning of topic.learnings)
        expect(learning.body.length, learning.key).toBeGreaterThan(80);
    }
    const aliases = topics.flatMap((t) => t.aliases);
    expect(new Set(aliases).size).toBe(aliases.length);
  });

  it('cover every technology and concept the learners name, with the aliases they type', async () => {
    const topics = await readTopicFiles(shippedLearningsDir);
    const names = new Set(topics.flatMap((t) => [t.slug, ...t.aliases]));
    for (const wanted of [
      'python',
      'django',
      'drf',
      'rest-apis',
      'graphql',
      'docker',
      'kubernetes',
      'k8s',
      'ci',
      'cicd',
      'git',
      'linux-and-shell',
      'postgres',
      'database-design',
      'query-optimization',
      'select-related',
      'prefetch-related',
      'async-programming',
      'celery',
      'rabbitmq',
      'mq',
      'redis',
      'caching',
      'cache-invalidation',
      'security',
      'authentication-and-authorization',
      'input-validation',
      'rate-limiting',
      'middleware',
      'ip-logging',
      'secrets',
      'testing',
      'code-quality',
      'pre-commit',
      'api-documentation',
      'openapi',
      'postman',
      'graphql-playground',
      'environment-configuration',
      'scalability',
      'observability-and-logging',
      'payments-and-third-party-apis',
      'django-signals',
    ]) {
      expect(names, wanted).toContain(wanted);
    }
  });

  it('refuses an alias that names two topics, naming both files', () => {
    const docker = '---\ntitle: Docker\naliases: [k8s]\ntags: []\n---\n\n## One\nBody text.\n';
    const parsed = parseTopicFile('docker.md', docker);
    expect(parsed.aliases).toEqual(['k8s']);
    expect(() =>
      parseTopicFile('bad.md', '---\ntitle: Bad\n---\nstray text\n## One\nBody\n'),
    ).toThrow(ShippedDataError);
    expect(() => parseTopicFile('bad.md', '---\naliases: [x]\n---\n## One\nBody\n')).toThrow(
      /bad\.md: front matter/,
    );
    expect(() =>
      parseTopicFile('bad.md', '---\ntitle: Bad\n---\n## One\nBody\n## One\nAgain\n'),
    ).toThrow(/share a heading/);
  });
});

describe('loading shipped learnings', () => {
  it('loads every topic, alias and learning, and a second load changes nothing', async () => {
    const db = await emptyDb();
    const first = await loadShippedLearnings(db, shippedLearningsDir, now);
    const topics = await readTopicFiles(shippedLearningsDir);
    expect(first.topicsCreated).toBe(topics.length);
    expect(first.learningsCreated).toBe(topics.reduce((n, t) => n + t.learnings.length, 0));
    const before = await db.selectFrom('learnings').selectAll().orderBy('id').execute();

    const second = await loadShippedLearnings(
      db,
      shippedLearningsDir,
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(second).toEqual({
      topicsCreated: 0,
      topicsUpdated: 0,
      learningsCreated: 0,
      learningsUpdated: 0,
      learningsRemoved: 0,
    });
    expect(await db.selectFrom('learnings').selectAll().orderBy('id').execute()).toEqual(before);
    await db.destroy();
  });

  it('skips a folder loaded as it is, reading no front matter', async () => {
    const db = await emptyDb();
    await loadShippedLearnings(db, shippedLearningsDir, now);
    const none = {
      topicsCreated: 0,
      topicsUpdated: 0,
      learningsCreated: 0,
      learningsUpdated: 0,
      learningsRemoved: 0,
    };
    vi.mocked(parseMarkdown).mockClear();
    expect(await loadShippedLearnings(db, shippedLearningsDir, now)).toEqual(none);
    expect(parseMarkdown).not.toHaveBeenCalled();

    // A database from before folders were fingerprinted: every file is read, and none rewritten.
    await db.deleteFrom('shipped_folders').execute();
    expect(await loadShippedLearnings(db, shippedLearningsDir, now)).toEqual(none);
    const files = await readTopicFiles(shippedLearningsDir);
    expect(vi.mocked(parseMarkdown).mock.calls.length).toBeGreaterThanOrEqual(files.length);
    expect(await db.selectFrom('shipped_folders').select('folder').execute()).toEqual([
      { folder: 'learnings' },
    ]);
    await db.destroy();
  });

  it('updates an edited topic in place and never touches community learnings', async () => {
    const dir = copyOfShippedData();
    const db = await emptyDb();
    await loadShippedLearnings(db, dir, now);
    const docker = await topicBySlug(db, 'docker');
    const community = await db
      .insertInto('learnings')
      .values({
        topic_id: docker.id,
        guild_id: '1',
        origin: 'community',
        author_id: '2',
        author_name: 'amina',
        source: null,
        title: 'Mine',
        body: 'Kept across reloads.',
        position: 0,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const shippedBefore = await db
      .selectFrom('learnings')
      .select(['id', 'title'])
      .where('topic_id', '=', docker.id)
      .where('origin', '=', 'shipped')
      .orderBy('position')
      .execute();

    const file = join(dir, 'docker.md');
    const text = readFileSync(file, 'utf8')
      .replace('title: Docker', 'title: Docker Engine')
      .replace(/aliases: \[/, 'aliases: [whale, ');
    // Rewrite the first learning's body and drop the last learning.
    const [head, first, ...rest] = text.split('\n## ');
    const firstTitle = (first ?? '').split('\n')[0];
    const edited = [
      head,
      `${firstTitle}\nA rewritten body for the first learning.\n`,
      ...rest.slice(0, -1),
    ].join('\n## ');
    writeFileSync(file, edited);

    const report = await loadShippedLearnings(db, dir, now);
    expect(report.topicsUpdated).toBe(1);
    expect(report.learningsUpdated).toBe(1);
    expect(report.learningsRemoved).toBe(1);
    const topic = await db
      .selectFrom('topics')
      .selectAll()
      .where('id', '=', docker.id)
      .executeTakeFirstOrThrow();
    expect(topic.name).toBe('Docker Engine');
    const alias = await db
      .selectFrom('topic_aliases')
      .selectAll()
      .where('alias', '=', 'whale')
      .executeTakeFirst();
    expect(alias?.topic_id).toBe(docker.id);
    const shippedAfter = await db
      .selectFrom('learnings')
      .select(['id', 'title', 'body'])
      .where('topic_id', '=', docker.id)
      .where('origin', '=', 'shipped')
      .orderBy('position')
      .execute();
    expect(shippedAfter[0]?.id).toBe(shippedBefore[0]?.id);
    expect(shippedAfter[0]?.body).toBe('A rewritten body for the first learning.');
    expect(shippedAfter).toHaveLength(shippedBefore.length - 1);
    expect(
      await db
        .selectFrom('learnings')
        .selectAll()
        .where('id', '=', community.id)
        .executeTakeFirst(),
    ).toEqual(community);
    await db.destroy();
  });
});
