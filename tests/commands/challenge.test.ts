import { describe, expect, it } from 'vitest';
import {
  admin,
  amina,
  createHarness,
  type Harness,
  member,
  messageOf,
  modalOf,
  moderator,
  textOf,
  tunde,
} from '../support/harness.js';

const zara = member('zara', '700000000000000009');

async function count(
  bot: Harness,
  table: 'challenges' | 'solutions' | 'solution_votes' | 'challenge_topics',
) {
  const row = await bot.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function record(bot: Harness, fields: Record<string, string>, actor = amina) {
  const modal = modalOf(await bot.run(actor, 'challenge', 'add'));
  const result = await bot.submit(actor, modal.customId, fields);
  const id = Number(/Recorded challenge #(\d+)/.exec(textOf(result))?.[1]);
  return { result, id };
}

const slowBuild = {
  title: 'Docker build is slow',
  challenge: 'Every build reinstalls pip packages.',
  solution: '',
  tags: 'docker, k8s, speed',
};

describe('/challenge add', () => {
  it('opens a modal with title, challenge, solution and tags, in that order', async () => {
    const bot = await createHarness();
    const modal = modalOf(await bot.run(amina, 'challenge', 'add'));
    expect(modal.fields.map((f) => [f.id, f.required, f.maxLength])).toEqual([
      ['title', true, 100],
      ['challenge', true, 1000],
      ['solution', false, 2000],
      ['tags', false, 200],
    ]);
  });

  it('stores the challenge, maps tags to topics through aliases and keeps unknown tags', async () => {
    const bot = await createHarness();
    const { result, id } = await record(bot, {
      ...slowBuild,
      solution: 'Copy requirements first.',
    });
    expect(id).toBeGreaterThan(0);
    expect(textOf(result)).toContain(`#${id} · Docker build is slow`);
    expect(textOf(result)).toContain('Tags: Docker, Kubernetes, speed');
    const solutions = await bot.db
      .selectFrom('solutions')
      .selectAll()
      .where('challenge_id', '=', id)
      .execute();
    expect(solutions).toMatchObject([{ author_id: amina.id, body: 'Copy requirements first.' }]);
  });

  it.each([
    [{ ...slowBuild, title: '' }, 'Title is required. Nothing was saved.'],
    [{ ...slowBuild, title: ' \t ' }, 'Title is required. Nothing was saved.'],
    [{ ...slowBuild, challenge: '   ' }, 'Challenge is required. Nothing was saved.'],
    [
      { ...slowBuild, title: 'x'.repeat(101) },
      'Title must be at most 100 characters. Nothing was saved.',
    ],
    [
      { ...slowBuild, challenge: 'x'.repeat(1001) },
      'Challenge must be at most 1000 characters. Nothing was saved.',
    ],
    [
      { ...slowBuild, solution: 'x'.repeat(2001) },
      'Solution must be at most 2000 characters. Nothing was saved.',
    ],
  ])('refuses %j privately and stores nothing', async (fields, message) => {
    const bot = await createHarness();
    const before = [await count(bot, 'challenges'), await count(bot, 'solutions')];
    const { result } = await record(bot, fields);
    expect(messageOf(result).ephemeral).toBe(true);
    expect(textOf(result)).toBe(message);
    expect([await count(bot, 'challenges'), await count(bot, 'solutions')]).toEqual(before);
  });
});

describe('solutions and votes', () => {
  it('lets any member solve; shows solutions most helpful first; one vote per member; no self-vote', async () => {
    const bot = await createHarness();
    const { id } = await record(bot, { ...slowBuild, solution: 'Order the layers.' });
    const modal = modalOf(await bot.run(tunde, 'challenge', 'solve', { id }));
    const solved = await bot.submit(tunde, modal.customId, {
      solution: 'Use BuildKit cache mounts.',
    });
    expect(textOf(solved)).toMatch(/Added solution #\d+ to challenge/);
    const [mine, tundes] = await bot.db
      .selectFrom('solutions')
      .select('id')
      .where('challenge_id', '=', id)
      .orderBy('id')
      .execute();

    const own = await bot.press(tunde, `challenge:helped:${tundes?.id}:0`);
    expect(textOf(own)).toContain("That's your own solution");
    const counted = await bot.press(zara, `challenge:helped:${tundes?.id}:0`);
    expect(counted.type).toBe('update');
    expect(textOf(await bot.press(zara, `challenge:helped:${tundes?.id}:0`))).toBe(
      `You already marked solution #${tundes?.id} as helpful.`,
    );
    expect(await count(bot, 'solution_votes')).toBe(1);

    const shown = textOf(await bot.run(amina, 'challenge', 'show', { id }));
    expect(
      shown.indexOf(`Solution #${tundes?.id}** by tunde · 1 found this helpful`),
    ).toBeGreaterThan(-1);
    expect(shown.indexOf(`Solution #${tundes?.id}`)).toBeLessThan(
      shown.indexOf(`Solution #${mine?.id}`),
    );
  });

  it('refuses an empty solution and an unknown challenge', async () => {
    const bot = await createHarness();
    const { id } = await record(bot, slowBuild);
    expect(textOf(await bot.submit(tunde, `challenge:solution:${id}`, { solution: '  ' }))).toBe(
      'Solution is required. Nothing was saved.',
    );
    expect(textOf(await bot.run(tunde, 'challenge', 'solve', { id: 9999 }))).toBe(
      'No challenge #9999 in this server.',
    );
  });
});

describe('/challenge list', () => {
  it('filters by topic tag, free tag, author and unsolved, and pages with buttons', async () => {
    const bot = await createHarness();
    const { id: mine } = await record(bot, slowBuild);
    await record(
      bot,
      {
        title: 'Flaky tests',
        challenge: 'Tests fail at random.',
        solution: 'Freeze time.',
        tags: 'testing',
      },
      tunde,
    );
    const byTopic = textOf(await bot.run(amina, 'challenge', 'list', { tag: 'k8s' }));
    expect(byTopic).toContain(`#${mine} · Docker build is slow`);
    expect(byTopic).not.toContain('Flaky tests');
    expect(textOf(await bot.run(amina, 'challenge', 'list', { tag: 'speed' }))).toContain(
      '1 challenge ·',
    );
    const byAuthor = textOf(await bot.run(amina, 'challenge', 'list', { author: tunde.id }));
    expect(byAuthor).toContain('Flaky tests');
    expect(byAuthor).not.toContain('Docker build is slow');
    const unsolved = textOf(await bot.run(amina, 'challenge', 'list', { unsolved: true }));
    expect(unsolved).toContain('Docker build is slow');
    expect(unsolved).not.toContain('Flaky tests');

    const all = messageOf(await bot.run(amina, 'challenge', 'list'));
    const next = all.buttons?.flat().find((b) => b.label.startsWith('Next'));
    expect(next).toBeDefined();
    const second = messageOf(await bot.press(amina, next?.customId ?? ''));
    expect(second.embeds?.[0]?.footer).toContain('page 2/');
  });
});

describe('/challenge edit, remove and promote', () => {
  it('lets only the author or Manage Messages edit and remove', async () => {
    const bot = await createHarness();
    const { id } = await record(bot, slowBuild);
    const refusal = `Only the author of challenge #${id} or a member with Manage Messages can change it.`;
    expect(textOf(await bot.run(tunde, 'challenge', 'edit', { id }))).toBe(refusal);
    expect(textOf(await bot.run(tunde, 'challenge', 'remove', { id }))).toBe(refusal);
    expect(
      textOf(
        await bot.submit(tunde, `challenge:save:${id}`, { title: 'x', challenge: 'y', tags: '' }),
      ),
    ).toBe(refusal);
    const modal = modalOf(await bot.run(amina, 'challenge', 'edit', { id }));
    expect(modal.fields.map((f) => f.value)).toEqual([
      'Docker build is slow',
      'Every build reinstalls pip packages.',
      'Docker, Kubernetes, speed',
    ]);
    await bot.submit(amina, modal.customId, {
      title: 'Slow Docker builds',
      challenge: 'Still slow.',
      tags: 'redis',
    });
    expect(textOf(await bot.run(amina, 'challenge', 'show', { id }))).toContain('Tags: Redis');
  });

  it('removes a challenge with its solutions, votes and topics in one go', async () => {
    const bot = await createHarness();
    const before = await Promise.all(
      (['challenges', 'solutions', 'solution_votes', 'challenge_topics'] as const).map((t) =>
        count(bot, t),
      ),
    );
    const { id } = await record(bot, { ...slowBuild, solution: 'Layers.' });
    await bot.submit(tunde, `challenge:solution:${id}`, { solution: 'Cache mounts.' });
    const solutions = await bot.db
      .selectFrom('solutions')
      .select('id')
      .where('challenge_id', '=', id)
      .execute();
    for (const s of solutions) await bot.press(zara, `challenge:helped:${s.id}:0`);
    const confirm = messageOf(await bot.run(moderator, 'challenge', 'remove', { id }));
    expect(confirm.ephemeral).toBe(true);
    const removed = await bot.press(moderator, `challenge:remove:${id}`);
    expect(textOf(removed)).toBe(`Removed challenge #${id} with its solutions and votes.`);
    const after = await Promise.all(
      (['challenges', 'solutions', 'solution_votes', 'challenge_topics'] as const).map((t) =>
        count(bot, t),
      ),
    );
    expect(after).toEqual(before);
  });

  it('promotes the most helpful solution to a learning under the main topic, once, for Manage Messages only', async () => {
    const bot = await createHarness();
    const { id } = await record(bot, { ...slowBuild, solution: 'Layers.' });
    await bot.submit(tunde, `challenge:solution:${id}`, { solution: 'BuildKit cache mounts.' });
    const tundes = await bot.db
      .selectFrom('solutions')
      .select('id')
      .where('author_id', '=', tunde.id)
      .executeTakeFirstOrThrow();
    await bot.press(zara, `challenge:helped:${tundes.id}:0`);

    expect(textOf(await bot.run(amina, 'challenge', 'promote', { id }))).toBe(
      '/challenge promote needs the Manage Messages permission.',
    );
    const promoted = textOf(await bot.run(admin, 'challenge', 'promote', { id }));
    const learningId = Number(/learning #(\d+) under \*\*Docker\*\*/.exec(promoted)?.[1]);
    const learning = await bot.db
      .selectFrom('learnings')
      .selectAll()
      .where('id', '=', learningId)
      .executeTakeFirstOrThrow();
    expect(learning).toMatchObject({
      author_id: tunde.id,
      title: 'Docker build is slow',
      source: `challenge:${id}`,
    });
    expect(learning.body).toContain('BuildKit cache mounts.');
    expect(learning.body).toContain(`From challenge #${id}, raised by amina; solution by tunde.`);
    expect(textOf(await bot.run(amina, 'challenge', 'show', { id }))).toContain(
      `Promoted to learning #${learningId}`,
    );
    expect(textOf(await bot.run(admin, 'challenge', 'promote', { id }))).toBe(
      `Challenge #${id} was already promoted to learning #${learningId}.`,
    );
  });

  it('refuses to promote without a topic or a solution', async () => {
    const bot = await createHarness();
    const { id: untagged } = await record(bot, { ...slowBuild, tags: 'speed', solution: 'x' });
    expect(textOf(await bot.run(admin, 'challenge', 'promote', { id: untagged }))).toContain(
      'has no topic',
    );
    const { id: unsolved } = await record(bot, slowBuild);
    expect(textOf(await bot.run(admin, 'challenge', 'promote', { id: unsolved }))).toBe(
      `Challenge #${unsolved} has no solution to promote yet.`,
    );
  });
});

describe('/learning with challenges', () => {
  it('shows how many challenges carry the topic and the most helpful one', async () => {
    const bot = await createHarness();
    const { id } = await record(bot, { ...slowBuild, tags: 'redis', solution: 'x' });
    const solution = await bot.db
      .selectFrom('solutions')
      .select('id')
      .where('challenge_id', '=', id)
      .executeTakeFirstOrThrow();
    await bot.press(zara, `challenge:helped:${solution.id}:0`);
    const page = textOf(await bot.run(amina, 'learning', '', { topic: 'redis' }));
    expect(page).toMatch(/Challenges: \d+/);
    expect(page).toContain(
      `Most helpful: #${id} · Docker build is slow (1 found its solutions helpful)`,
    );
    expect(page).toContain('/challenge list tag:redis');
  });
});

describe('/search over challenges', () => {
  it('covers challenges by default and alone with kind:challenges', async () => {
    const bot = await createHarness();
    const { id } = await record(bot, { ...slowBuild, solution: 'Use zanzibarish cache mounts.' });
    const all = textOf(await bot.run(amina, 'search', '', { query: 'zanzibarish' }));
    expect(all).toContain(`Challenges for "zanzibarish"`);
    expect(all).toContain(`#${id} · Docker build is slow`);
    const onlyChallenges = messageOf(
      await bot.run(amina, 'search', '', { query: 'celery', kind: 'challenges' }),
    );
    expect(onlyChallenges.embeds?.map((e) => e.title)).toEqual(['Challenges for "celery"']);
    const onlyLearnings = messageOf(
      await bot.run(amina, 'search', '', { query: 'celery', kind: 'learnings' }),
    );
    expect(onlyLearnings.embeds?.map((e) => e.title)).toEqual(['Learnings for "celery"']);
    expect(textOf(await bot.run(amina, 'search', '', { query: 'x', kind: 'people' }))).toBe(
      "The option `kind` isn't valid: one of all, learnings, challenges.",
    );
  });
});
