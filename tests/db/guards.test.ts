import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { lockDatabase } from '../../src/db/lock.js';
import { StartRefusal } from '../../src/db/refusal.js';
import { prepareDatabase } from '../../src/setup.js';
import { tempDir } from '../support/db.js';

/** A migrated database with the shipped data, closed: a few hundred pages. */
async function closedDatabase(): Promise<string> {
  const path = join(tempDir(), 'nexus.db');
  const { db } = await prepareDatabase(path);
  await db.destroy();
  return path;
}

describe('start-up refuses a damaged database', () => {
  it('refuses a file with 8 KB overwritten mid-file, with one line saying what to do', async () => {
    const path = await closedDatabase();
    const file = openSync(path, 'r+');
    writeSync(
      file,
      Buffer.alloc(8192, 0x5a),
      0,
      8192,
      Math.floor(statSync(path).size / 2 / 4096) * 4096,
    );
    closeSync(file);

    const refused = await prepareDatabase(path).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StartRefusal);
    expect((refused as Error).message).toMatch(
      new RegExp(
        `^The database ${path} is damaged \\(.+\\)\\. Nexus will not serve from it: .*restore the latest backup`,
      ),
    );
    expect((refused as Error).message).not.toContain('\n');
  });

  it('refuses rows that point at rows that do not exist', async () => {
    const path = await closedDatabase();
    const raw = new SQLite(path);
    raw.pragma('foreign_keys = OFF');
    raw.prepare('DELETE FROM topics WHERE slug = ?').run('docker');
    raw.close();

    const refused = await prepareDatabase(path).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StartRefusal);
    expect((refused as Error).message).toMatch(
      /damaged \(\d+ rows in .*learnings.* point at rows that do not exist\)/,
    );
  });
});

describe('one bot process per database file', () => {
  it('refuses a second hold on the same file, naming the first, until the first lets go', () => {
    const path = join(tempDir(), 'data', 'nexus.db');
    const first = lockDatabase(path, new Date('2026-12-06T10:00:00Z'));
    expect(() => lockDatabase(path)).toThrow(
      new StartRefusal(
        `The database ${path} is in use by Nexus process ${process.pid} on ${hostname()}, started 2026-12-06T10:00:00.000Z. Stop that one first, or give this one its own DATABASE_PATH.`,
      ),
    );
    first.release();
    lockDatabase(path).release();
  });
});
