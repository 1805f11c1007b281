import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/schema.js';
import { exportHub } from '../../src/importer/export.js';
import { importDocument } from '../../src/importer/store.js';
import { preparedDb, tempDir } from '../support/db.js';
import {
  admin,
  amina,
  createHarness,
  guildId,
  type Harness,
  modalOf,
  textOf,
} from '../support/harness.js';

/** Opens /nexus add and submits its form. */
async function addLearning(bot: Harness, fields: { topic: string; title: string; body: string }) {
  const form = modalOf(await bot.run(amina, 'nexus', 'add'));
  return textOf(await bot.submit(amina, form.customId, fields));
}

const learnings = (db: Db) =>
  db
    .selectFrom('learnings')
    .select(['title', 'body'])
    .where('origin', '=', 'community')
    .orderBy('id')
    .execute();

describe('text cleaned once, at the boundary', () => {
  it('refuses a title and body of invisible characters only, by name, and saves nothing', async () => {
    const bot = await createHarness();
    const refused = await addLearning(bot, {
      topic: 'docker',
      title: '\u200b\u200b',
      body: '\u200d\ufeff',
    });
    expect(refused).toContain('Title is required');
    expect(await learnings(bot.db)).toEqual([]);
  });

  it('refuses a challenge that is one NUL', async () => {
    const bot = await createHarness();
    const form = modalOf(await bot.run(amina, 'challenge', 'add'));
    const refused = textOf(
      await bot.submit(amina, form.customId, {
        title: 'Nul',
        challenge: '\u0000',
        solution: '',
        tags: '',
      }),
    );
    expect(refused).toContain('Challenge is required');
    expect(
      await bot.db.selectFrom('challenges').select('id').where('guild_id', '=', guildId).execute(),
    ).toEqual([]);
  });

  it('stores and echoes text without ESC, BEL or NUL, composed to NFC', async () => {
    const bot = await createHarness();
    const answer = await addLearning(bot, {
      topic: 'docker',
      title: 'Cache\u001b[31m layers\u0007',
      body: 'Cafe\u0301: order\u0000 the Dockerfile\r\nso layers cache.',
    });
    expect(answer).not.toMatch(/\p{Cc}(?<![\n])/u);
    expect(await learnings(bot.db)).toEqual([
      { title: 'Cache[31m layers', body: 'Café: order the Dockerfile\nso layers cache.' },
    ]);
  });

  it('keeps a link that tries to add a second one to one link, as it points', async () => {
    const bot = await createHarness();
    const joined = textOf(
      await bot.run(amina, 'project', 'join', {
        name: 'ALX Travel App',
        role: 'backend',
        repo: 'https://github.com/x)[click](https://evil.example',
      }),
    );
    expect(joined).toContain('[repo](https://github.com/x%29%5Bclick%5D%28https://evil.example)');
    expect(joined.match(/\]\(/g)).toHaveLength(1);
    expect(
      textOf(
        await bot.run(amina, 'project', 'join', {
          name: 'ALX Travel App',
          role: 'backend',
          repo: 'javascript:alert(1)',
        }),
      ),
    ).toContain('repo must be an http(s) link');
  });

  it("enforces Discord's max_length itself, for adapters that do not", async () => {
    const bot = await createHarness();
    await bot.run(admin, 'sync', 'set', { channel: '800000000000000002' });
    expect(textOf(await bot.run(admin, 'sync', 'set', { cron: '1'.repeat(5000) }))).toBe(
      "The option `cron` isn't valid: at most 100 characters.",
    );
  });

  it('round-trips stored text through an export and an import, Markdown characters included', async () => {
    const bot = await createHarness();
    const texts = [
      {
        title: 'Emoji 👩‍💻 and ünïcödé',
        body: 'Tabs\tstay; **bold** and `code` stay; @everyone stays text.',
      },
      {
        title: 'Links <https://docs.docker.com>',
        body: 'Cafe\u0301 composes; BEL\u0007 and NUL\u0000 go.',
      },
    ];
    for (const text of texts) await addLearning(bot, { topic: 'docker', ...text });
    const dir = tempDir();
    await exportHub(bot.db, guildId, dir, bot.now());

    const { db: target } = await preparedDb();
    await importDocument(target, readFileSync(join(dir, 'docs', 'technologies.md'), 'utf8'), {
      guildId,
      author: { id: null, name: 'export' },
      fileName: 'technologies.md',
      now: bot.now(),
    });
    const imported = await target
      .selectFrom('learnings')
      .select(['title', 'body'])
      .where('origin', '=', 'imported')
      .orderBy('title')
      .execute();
    // An entry is one line of the document: runs of white space read back as one space.
    const stored = (await learnings(bot.db))
      .map(({ title, body }) => ({ title, body: body.replace(/\s+/g, ' ') }))
      .sort((a, b) => (a.title < b.title ? -1 : 1));
    expect(imported).toEqual(stored);
    expect(stored.map((t) => t.body).join(' ')).toContain('**bold** and `code`');
  });
});
