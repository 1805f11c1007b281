import { describe, expect, it } from 'vitest';
import { addLearning } from '../../src/learnings/learnings.js';
import { shareSample } from '../../src/search/fts.js';
import { topicBySlug } from '../support/db.js';
import { amina, createHarness, guildId, messageOf, textOf } from '../support/harness.js';

describe('/learning', () => {
  it('answers with an embed of the topic and an Add a learning button', async () => {
    const bot = await createHarness();
    const message = messageOf(await bot.run(amina, 'learning', '', { topic: 'docker' }));
    expect(message.ephemeral).toBeFalsy();
    expect(message.embeds?.[0]?.title).toBe('Docker');
    expect(message.embeds?.[0]?.description).toContain('Dockerfile');
    expect(message.buttons?.flat().map((b) => b.label)).toContain('Add a learning');
  });

  it('resolves aliases and answers an unknown topic with suggestions, recording the miss', async () => {
    const bot = await createHarness();
    expect(
      messageOf(await bot.run(amina, 'learning', '', { topic: 'k8s' })).embeds?.[0]?.title,
    ).toBe('Kubernetes');
    const miss = await bot.run(amina, 'learning', '', { topic: 'dockr' });
    expect(messageOf(miss).ephemeral).toBe(true);
    expect(textOf(miss)).toBe('No topic "dockr". Did you mean **Docker**?');
    await bot.counters.flush();
    const wanted = await bot.db.selectFrom('search_misses').selectAll().execute();
    expect(wanted).toMatchObject([{ kind: 'topic', query: 'dockr', misses: 1 }]);
  });

  it('paginates a long topic; the page lives in the button, so a new router pages the same', async () => {
    const bot = await createHarness();
    const topic = await topicBySlug(bot.db, 'redis');
    for (let i = 1; i <= 20; i++) {
      await addLearning(bot.db, {
        guildId,
        topicId: topic.id,
        author: amina,
        title: `Tip ${i}`,
        body: `Body ${i} ${'lorem ipsum '.repeat(40)}`,
        now: new Date(),
      });
    }
    const total = Number(
      (
        await bot.db
          .selectFrom('learnings')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('topic_id', '=', topic.id)
          .executeTakeFirstOrThrow()
      ).n,
    );
    const first = messageOf(await bot.run(amina, 'learning', '', { topic: 'redis' }));
    const shown = Number(/^Learnings 1–(\d+) of (\d+)/.exec(first.embeds?.[0]?.footer ?? '')?.[1]);
    expect(first.embeds?.[0]?.footer).toBe(`Learnings 1–${shown} of ${total} · /learning redis`);
    const next = first.buttons?.flat().find((b) => b.label.startsWith('Next'));
    expect(next?.customId).toBe(`learning:page:${topic.id}:${shown}`);

    // A restarted bot pages from the customId alone, and Previous returns to the start.
    bot.restart();
    const second = await bot.press(amina, next?.customId ?? '');
    expect(second.type).toBe('update');
    expect(messageOf(second).embeds?.[0]?.footer).toMatch(
      new RegExp(`^Learnings ${shown + 1}–\\d+ of ${total}`),
    );
    const previous = messageOf(second)
      .buttons?.flat()
      .find((b) => b.label.includes('Previous'));
    expect(previous).toMatchObject({ customId: `learning:page:${topic.id}:0`, disabled: false });
    // A stale start beyond the end shows the last learning.
    const stale = messageOf(await bot.press(amina, `learning:page:${topic.id}:9999`));
    expect(stale.embeds?.[0]?.footer).toBe(
      `Learnings ${total}–${total} of ${total} · /learning redis`,
    );

    // Next, page after page, shows every learning exactly once, each page within the limit.
    const seen: string[] = [];
    let page = first;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(total);
      expect(page.embeds?.[0]?.description?.length).toBeLessThanOrEqual(4096);
      for (const match of (page.embeds?.[0]?.description ?? '').matchAll(/\*\*#(\d+) ·/g))
        seen.push(match[1] as string);
      const button = page.buttons?.flat().find((b) => b.label.startsWith('Next'));
      if (!button || button.disabled) break;
      page = messageOf(await bot.press(amina, button.customId));
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('autocompletes through the router, 25 choices at most', async () => {
    const bot = await createHarness();
    const result = await bot.autocomplete(amina, 'learning', 'topic', '');
    expect(result.type).toBe('choices');
    if (result.type === 'choices') expect(result.choices.length).toBe(25);
  });
});

describe('/search', () => {
  it('shows ranked results with their topics, and answers nothing found privately', async () => {
    const bot = await createHarness();
    const found = textOf(await bot.run(amina, 'search', '', { query: 'cache invalidation' }));
    expect(found).toContain('**1. Caching**');
    const none = await bot.run(amina, 'search', '', { query: 'zzzqqqxxx' });
    expect(messageOf(none).ephemeral).toBe(true);
    expect(textOf(none)).toContain('Nothing found for "zzzqqqxxx"');
    const hostile = await bot.run(amina, 'search', '', { query: '"NEAR(* -OR 🐳 @everyone' });
    expect(hostile.type).toBe('reply');
  });

  it('says which words it left out because most learnings contain them', async () => {
    const bot = await createHarness();
    const topic = await topicBySlug(bot.db, 'docker');
    for (let i = 0; i < 2 * shareSample; i++)
      await addLearning(bot.db, {
        guildId,
        topicId: topic.id,
        author: { id: '1', name: 'amina' },
        title: `Note ${i}`,
        body: i === 0 ? 'Zebraquokka, nothing else.' : 'The common word is here.',
        now: new Date(),
      });
    const found = textOf(await bot.run(amina, 'search', '', { query: 'the zebraquokka' }));
    expect(found).toContain('Note 0');
    expect(found).toContain('Left out "the": most entries contain it.');
    const common = textOf(await bot.run(amina, 'search', '', { query: 'common' }));
    expect(common).toContain(
      'Your words are in most entries, so entries with one of them in the title come first',
    );
  });

  it('refuses a query over 1,000 characters with a clear message', async () => {
    const bot = await createHarness();
    const result = await bot.run(amina, 'search', '', { query: 'a'.repeat(1001) });
    expect(textOf(result)).toBe("The option `query` isn't valid: at most 1,000 characters.");
  });
});

describe('/learning pages kept between answers', () => {
  it('answer from what is stored now, and a note stays on the answer it belongs to', async () => {
    const bot = await createHarness();
    const footer = async () =>
      messageOf(await bot.run(amina, 'learning', '', { topic: 'docker' })).embeds?.[0]?.footer;
    const before = await footer();
    const total = Number(/ of (\d+)/.exec(before ?? '')?.[1]);
    const topic = await topicBySlug(bot.db, 'docker');
    const added = await addLearning(bot.db, {
      guildId,
      topicId: topic.id,
      author: amina,
      title: 'Pin base images by digest',
      body: 'A tag can move; a digest cannot.',
      now: new Date(),
    });
    expect(await footer()).toContain(`of ${total + 1}`);
    await bot.db.deleteFrom('learnings').where('id', '=', added.id).execute();
    expect(await footer()).toBe(before);

    const guessed = messageOf(
      await bot.run(amina, 'learning', '', { topic: 'dockerignore secrets' }),
    );
    expect(guessed.content).toMatch(/matches it best/);
    expect(guessed.embeds?.[0]?.title).toBe('Docker');
    const asked = messageOf(await bot.run(amina, 'learning', '', { topic: 'docker' }));
    expect(asked.content).toBeUndefined();
  });
});
