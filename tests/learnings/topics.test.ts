import { describe, expect, it } from 'vitest';
import { autocompleteTopics, resolveTopic, suggestTopics } from '../../src/learnings/topics.js';
import { preparedDb } from '../support/db.js';

const guild = '800000000000000001';

describe('topic resolution', () => {
  it('resolves a name, then an alias, then the best full-text match', async () => {
    const { db } = await preparedDb();
    expect(await resolveTopic(db, guild, 'Docker')).toMatchObject({
      via: 'name',
      topic: { slug: 'docker' },
    });
    expect(await resolveTopic(db, guild, 'k8s')).toMatchObject({
      via: 'alias',
      topic: { slug: 'kubernetes' },
    });
    expect(await resolveTopic(db, guild, 'CI/CD')).toMatchObject({ topic: { slug: 'ci-cd' } });
    expect(await resolveTopic(db, guild, 'postgres')).toMatchObject({
      via: 'alias',
      topic: { slug: 'postgresql' },
    });
    expect(await resolveTopic(db, guild, 'pg_isready healthcheck')).toMatchObject({
      via: 'search',
      topic: { slug: 'docker' },
    });
    expect(await resolveTopic(db, guild, 'zzzqqq')).toBeUndefined();
  });

  it('suggests close topics for a typo', async () => {
    const { db } = await preparedDb();
    expect((await suggestTopics(db, 'dockr')).map((t) => t.name)[0]).toBe('Docker');
    expect((await suggestTopics(db, 'kubernets')).map((t) => t.name)[0]).toBe('Kubernetes');
    expect(await suggestTopics(db, 'zzzqqqxxx')).toEqual([]);
    expect((await suggestTopics(db, 'e')).length).toBeLessThanOrEqual(3);
  });

  it('autocompletes exact name first, then aliases, then prefixes and substrings, at most 25', async () => {
    const { db } = await preparedDb();
    const all = await autocompleteTopics(db, '');
    expect(all).toHaveLength(25);
    const redis = await autocompleteTopics(db, 'redis');
    expect(redis[0]).toEqual({ name: 'Redis', value: 'redis' });
    const k8s = await autocompleteTopics(db, 'k8s');
    expect(k8s[0]?.value).toBe('kubernetes');
    expect(k8s[0]?.name).toContain('k8s');
    const dj = await autocompleteTopics(db, 'dja');
    expect(dj.map((c) => c.value).slice(0, 3)).toEqual(expect.arrayContaining(['django']));
    for (const choice of await autocompleteTopics(db, 'a')) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
    }
    const caching = await autocompleteTopics(db, 'cach');
    expect(caching[0]?.value).toBe('caching');
  });
});
