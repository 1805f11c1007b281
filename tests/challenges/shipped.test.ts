import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSolution } from '../../src/challenges/challenges.js';
import {
  loadShippedChallenges,
  parseChallengeFile,
  readChallengeFiles,
} from '../../src/challenges/shipped.js';
import { loadShippedLearnings } from '../../src/learnings/shipped.js';
import { shippedChallengesDir, shippedLearningsDir } from '../../src/setup.js';
import { ShippedDataError } from '../../src/shipped-file.js';
import { preparedDb, tempDir, topicBySlug } from '../support/db.js';

const now = new Date('2026-11-22T09:00:00Z');

describe('shipped challenges in data/challenges', () => {
  it('are well formed and filed under a known main topic', async () => {
    const { db } = await preparedDb();
    const files = await readChallengeFiles(shippedChallengesDir);
    expect(files.length).toBeGreaterThanOrEqual(12);
    const slugs = new Set(
      (await db.selectFrom('topics').select('slug').execute()).map((t) => t.slug),
    );
    for (const file of files) expect(slugs, file.file).toContain(file.tags[0]);
    const stored = await db
      .selectFrom('challenges')
      .select('id')
      .where('origin', '=', 'shipped')
      .execute();
    expect(stored).toHaveLength(files.length);
    const topicless = await db
      .selectFrom('challenges')
      .select('id')
      .where('origin', '=', 'shipped')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('challenge_topics')
              .select('topic_id')
              .whereRef('challenge_topics.challenge_id', '=', 'challenges.id'),
          ),
        ),
      )
      .execute();
    expect(topicless).toEqual([]);
  });

  it('refuses a file without exactly one solution section', () => {
    expect(() =>
      parseChallengeFile('x.md', '---\ntitle: X\ntags: [docker]\n---\nOnly a challenge.\n'),
    ).toThrow(ShippedDataError);
    expect(() =>
      parseChallengeFile(
        'x.md',
        '---\ntitle: X\ntags: [docker]\n---\nA\n## Solution\nB\n## Solution\nC\n',
      ),
    ).toThrow(/one "## Solution"/);
  });

  it('reloads idempotently, updates an edited file and leaves community solutions alone', async () => {
    const { db } = await preparedDb();
    const dir = join(tempDir(), 'challenges');
    cpSync(shippedChallengesDir, dir, { recursive: true });
    expect(await loadShippedChallenges(db, dir, now)).toEqual({
      created: 0,
      updated: 0,
      removed: 0,
    });

    const [first, second] = (await readChallengeFiles(dir)).map((f) => f.file);
    const row = await db
      .selectFrom('challenges')
      .selectAll()
      .where('source', '=', first ?? '')
      .executeTakeFirstOrThrow();
    const community = await addSolution(db, {
      guildId: '1',
      challengeId: row.id,
      author: { id: '2', name: 'amina' },
      body: 'Mine.',
      now,
    });
    const path = join(dir, first ?? '');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(/^title: .*$/m, 'title: A retitled challenge'),
    );
    rmSync(join(dir, second ?? ''));

    expect(await loadShippedChallenges(db, dir, now)).toEqual({
      created: 0,
      updated: 1,
      removed: 1,
    });
    expect(
      (
        await db
          .selectFrom('challenges')
          .select('title')
          .where('id', '=', row.id)
          .executeTakeFirstOrThrow()
      ).title,
    ).toBe('A retitled challenge');
    expect(
      await db
        .selectFrom('solutions')
        .selectAll()
        .where('id', '=', community.id)
        .executeTakeFirst(),
    ).toEqual(community);
    expect(await loadShippedChallenges(db, dir, now)).toEqual({
      created: 0,
      updated: 0,
      removed: 0,
    });
  });

  it('reloads unchanged challenges when the topics their tags name change', async () => {
    const { db } = await preparedDb();
    const [tagged] = await db
      .selectFrom('challenges')
      .select(['id', 'free_tags'])
      .where('origin', '=', 'shipped')
      .where('free_tags', '!=', '[]')
      .orderBy('id')
      .execute();
    const tag = (JSON.parse(tagged?.free_tags ?? '[]') as string[])[0] ?? '';
    expect(tag).not.toBe('');
    const learnings = join(tempDir(), 'learnings');
    cpSync(shippedLearningsDir, learnings, { recursive: true });
    const docker = join(learnings, 'docker.md');
    writeFileSync(
      docker,
      readFileSync(docker, 'utf8').replace(/aliases: \[/, `aliases: [${tag}, `),
    );

    expect((await loadShippedLearnings(db, learnings, now)).topicsUpdated).toBe(1);
    const report = await loadShippedChallenges(db, shippedChallengesDir, now);
    expect(report.updated).toBeGreaterThanOrEqual(1);
    const topics = await db
      .selectFrom('challenge_topics')
      .select('topic_id')
      .where('challenge_id', '=', tagged?.id ?? 0)
      .execute();
    expect(topics.map((t) => t.topic_id)).toContain((await topicBySlug(db, 'docker')).id);
    expect(await loadShippedChallenges(db, shippedChallengesDir, now)).toEqual({
      created: 0,
      updated: 0,
      removed: 0,
    });
  });
});
