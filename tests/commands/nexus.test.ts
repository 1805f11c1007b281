import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SEEDS_DIR, withSeeds } from '../importer/helpers.js';
import { tempDir } from '../support/db.js';
import {
  admin,
  amina,
  createHarness,
  messageOf,
  modalOf,
  moderator,
  textOf,
  tunde,
} from '../support/harness.js';

async function addAs(
  bot: Awaited<ReturnType<typeof createHarness>>,
  fields: Record<string, string>,
) {
  const modal = modalOf(await bot.run(amina, 'nexus', 'add'));
  return bot.submit(amina, modal.customId, fields);
}

async function countCommunity(bot: Awaited<ReturnType<typeof createHarness>>) {
  const row = await bot.db
    .selectFrom('learnings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('origin', '=', 'community')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('/nexus add', () => {
  it('opens a modal with topic, title and body, and stores the learning with its author', async () => {
    const bot = await createHarness();
    const modal = modalOf(await bot.run(amina, 'nexus', 'add'));
    expect(modal.fields.map((f) => f.id)).toEqual(['topic', 'title', 'body']);
    const saved = await bot.submit(amina, modal.customId, {
      topic: 'k8s',
      title: 'Probes',
      body: 'Readiness first.',
    });
    expect(textOf(saved)).toMatch(/Saved learning #\d+ under \*\*Kubernetes\*\*/);
    const row = await bot.db
      .selectFrom('learnings')
      .selectAll()
      .where('origin', '=', 'community')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      author_id: amina.id,
      author_name: 'amina',
      title: 'Probes',
      guild_id: '800000000000000001',
    });
  });

  it.each([
    [{ topic: 'docker', title: '', body: 'x' }, 'Title is required. Nothing was saved.'],
    [{ topic: 'docker', title: '   ', body: 'x' }, 'Title is required. Nothing was saved.'],
    [{ topic: 'docker', title: 'ok', body: '\n\t ' }, 'Body is required. Nothing was saved.'],
    [
      { topic: 'docker', title: 't'.repeat(101), body: 'x' },
      'Title must be at most 100 characters. Nothing was saved.',
    ],
    [
      { topic: 'docker', title: 'ok', body: 'b'.repeat(1501) },
      'Body must be at most 1500 characters. Nothing was saved.',
    ],
    [
      { topic: 'dockr', title: 'ok', body: 'x' },
      'No topic "dockr". Did you mean Docker? Nothing was saved.',
    ],
    [{ title: 'ok', body: 'x' }, 'Topic is required. Nothing was saved.'],
  ])('refuses %j privately and stores nothing', async (fields, expected) => {
    const bot = await createHarness();
    const result = await addAs(bot, fields);
    expect(messageOf(result).ephemeral).toBe(true);
    expect(textOf(result)).toBe(expected);
    expect(await countCommunity(bot)).toBe(0);
  });

  it('adds under the topic whose Add a learning button was pressed', async () => {
    const bot = await createHarness();
    const page = messageOf(await bot.run(amina, 'learning', '', { topic: 'redis' }));
    const add = page.buttons?.flat().find((b) => b.label === 'Add a learning');
    const modal = modalOf(await bot.press(amina, add?.customId ?? ''));
    expect(modal.fields.map((f) => f.id)).toEqual(['title', 'body']);
    expect(
      textOf(await bot.submit(amina, modal.customId, { title: 'TTL', body: 'Always set one.' })),
    ).toContain('under **Redis**');
  });
});

describe('/nexus edit and remove', () => {
  async function withLearning() {
    const bot = await createHarness();
    await addAs(bot, { topic: 'docker', title: 'Mine', body: 'Original.' });
    const row = await bot.db
      .selectFrom('learnings')
      .selectAll()
      .where('origin', '=', 'community')
      .executeTakeFirstOrThrow();
    return { bot, id: row.id };
  }

  it('lets the author edit through a prefilled modal', async () => {
    const { bot, id } = await withLearning();
    const modal = modalOf(await bot.run(amina, 'nexus', 'edit', { id }));
    expect(modal.fields.map((f) => f.value)).toEqual(['Mine', 'Original.']);
    expect(
      textOf(await bot.submit(amina, modal.customId, { title: 'Mine', body: 'Changed.' })),
    ).toBe(`Updated learning #${id}.`);
    expect(
      (
        await bot.db
          .selectFrom('learnings')
          .select('body')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).body,
    ).toBe('Changed.');
  });

  it('refuses another member without Manage Messages, at the command and at the form', async () => {
    const { bot, id } = await withLearning();
    const refusal = `Only the author of learning #${id} or a member with Manage Messages can change it.`;
    expect(textOf(await bot.run(tunde, 'nexus', 'remove', { id }))).toBe(refusal);
    expect(textOf(await bot.run(tunde, 'nexus', 'edit', { id }))).toBe(refusal);
    expect(textOf(await bot.submit(tunde, `nexus:save:${id}`, { title: 'x', body: 'y' }))).toBe(
      refusal,
    );
    expect(messageOf(await bot.press(tunde, `nexus:remove:${id}`)).content).toBe(refusal);
    expect(await countCommunity(bot)).toBe(1);
  });

  it('removes after confirmation, for the author or a moderator', async () => {
    const { bot, id } = await withLearning();
    const confirm = messageOf(await bot.run(moderator, 'nexus', 'remove', { id }));
    expect(confirm.ephemeral).toBe(true);
    expect(confirm.buttons?.flat().map((b) => b.label)).toEqual([`Remove #${id}`, 'Keep it']);
    expect(messageOf(await bot.press(moderator, `nexus:keep:${id}`)).content).toBe(
      `Kept learning #${id}.`,
    );
    expect(await countCommunity(bot)).toBe(1);
    const removed = await bot.press(moderator, confirm.buttons?.[0]?.[0]?.customId ?? '');
    expect(removed.type).toBe('update');
    expect(messageOf(removed).content).toBe(`Removed learning #${id}.`);
    expect(await countCommunity(bot)).toBe(0);
    expect(textOf(await bot.run(amina, 'nexus', 'remove', { id }))).toBe(
      `No learning #${id} in this server.`,
    );
  });

  it('keeps shipped learnings out of reach of every server, even its admins', async () => {
    const bot = await createHarness();
    expect(textOf(await bot.run(admin, 'nexus', 'remove', { id: 1 }))).toContain(
      'ships with Nexus',
    );
  });
});

describe('/nexus stats and /help', () => {
  it('reports the most used topics and what was looked for in vain', async () => {
    const bot = await createHarness();
    await bot.run(amina, 'learning', '', { topic: 'docker' });
    await bot.run(tunde, 'learning', '', { topic: 'docker' });
    await bot.run(amina, 'learning', '', { topic: 'redis' });
    await bot.run(amina, 'search', '', { query: 'quantum blockchain' });
    const stats = textOf(await bot.run(amina, 'nexus', 'stats'));
    expect(stats).toContain('1. Docker (2)\n2. Redis (1)');
    expect(stats).toContain('"quantum blockchain" (search, 1×)');
  });

  it('lists every command with who may use it', async () => {
    const bot = await createHarness();
    const help = textOf(await bot.run(amina, 'help'));
    for (const line of [
      '`/learning topic`',
      '`/search query [kind]`',
      '`/nexus edit id`',
      '(the author or Manage Messages)',
      '`/help`',
    ]) {
      expect(help).toContain(line);
    }
  });
});

describe.runIf(withSeeds)('/nexus import', () => {
  const seedFile = (prefix: string) => {
    const name = readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix)) ?? '';
    const path = join(SEEDS_DIR, name);
    return {
      name: `${name.replace(/\.txt$/, '')}.md`,
      url: pathToFileURL(path).href,
      size: statSync(path).size,
    };
  };

  it('imports an attached document for Manage Server, privately reporting what happened', async () => {
    const bot = await createHarness();
    const file = seedFile('001');
    expect(textOf(await bot.run(amina, 'nexus', 'import', { file }))).toBe(
      '/nexus import needs the Manage Server permission.',
    );
    const result = await bot.run(admin, 'nexus', 'import', { file });
    expect(messageOf(result).ephemeral).toBe(true);
    expect(textOf(result)).toMatch(
      /Imported 001_\S+\.md into this server: \d+ created, 0 updated, 0 skipped as duplicates/,
    );
    expect(textOf(result)).toContain('4 challenge/solution pairs');
    const again = textOf(await bot.run(admin, 'nexus', 'import', { file }));
    expect(again).toMatch(/: 0 created, 0 updated, \d+ skipped as duplicates/);
  });

  it('refuses other file types, files over 256 KB and documents without sections, importing nothing', async () => {
    const bot = await createHarness();
    const before = await bot.db
      .selectFrom('learnings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const file = seedFile('000');
    expect(
      textOf(await bot.run(admin, 'nexus', 'import', { file: { ...file, name: 'photo.png' } })),
    ).toBe('Only .md or .txt files can be imported; photo.png is neither. Nothing was imported.');
    expect(
      textOf(await bot.run(admin, 'nexus', 'import', { file: { ...file, size: 300 * 1024 } })),
    ).toContain('is over 256 KB');
    const list = join(tempDir(), 'list.txt');
    writeFileSync(list, 'Eggs\nMilk\n');
    expect(
      textOf(
        await bot.run(admin, 'nexus', 'import', {
          file: { name: 'list.txt', url: pathToFileURL(list).href, size: 10 },
        }),
      ),
    ).toBe(
      'No recognizable section (technologies, challenges, best practices) was found. Nothing was imported.',
    );
    const after = await bot.db
      .selectFrom('learnings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
