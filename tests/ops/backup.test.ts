import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { backupDatabase, planDailyBackup } from '../../src/ops/backup.js';
import { startDailyBackups } from '../../src/ops/daily-backups.js';
import { prepareDatabase } from '../../src/setup.js';
import { Output } from '../support/compiled-bot.js';
import { tempDir } from '../support/db.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Another process writing to the database as fast as it can, one committed row at a time, printing
 * each row's id once its commit returned: what it printed was acknowledged. Stops after
 * `limit` rows or when its input closes.
 */
function startWriter(databasePath: string, limit = 200_000) {
  const script = `
    import SQLite from 'better-sqlite3';
    const db = new SQLite(${JSON.stringify(databasePath)});
    db.pragma('busy_timeout = 5000');
    db.exec('CREATE TABLE IF NOT EXISTS acknowledged (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO acknowledged (id, body) VALUES (?, ?)');
    let id = 0;
    let open = true;
    process.stdin.on('end', () => { open = false; }).resume();
    const write = () => {
      if (!open || id >= ${limit}) return db.close();
      id += 1;
      insert.run(id, 'x'.repeat(200));
      process.stdout.write(id + '\\n');
      setImmediate(write);
    };
    write();
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const output = new Output(child.stdout);
  const acknowledged = () => Number(output.text.trimEnd().split('\n').at(-1) ?? 0);
  const closed = new Promise((resolve) => child.on('close', resolve));
  return {
    acknowledged,
    /** Resolves once `count` rows are acknowledged. */
    reached: (count: number) =>
      output.waitFor(() => (acknowledged() >= count ? true : undefined), `${count} writes`),
    async stop() {
      child.stdin.end();
      await closed;
    },
  };
}

/** Runs `read` on a read-only connection to a backup. */
function inBackup<T>(path: string, read: (copy: SQLite.Database) => T): T {
  const copy = new SQLite(path, { readonly: true });
  try {
    return read(copy);
  } finally {
    copy.close();
  }
}

const integrityOf = (path: string) =>
  inBackup(path, (copy) => copy.pragma('integrity_check', { simple: true }));

/** How many of the writer's rows a backup holds, and the last one's id. */
const writesIn = (path: string) =>
  inBackup(
    path,
    (copy) =>
      copy.prepare('SELECT count(*) AS n, max(id) AS last FROM acknowledged').get() as {
        n: number;
        last: number;
      },
  );

describe('backups', () => {
  it('copies the live database while another process writes: whole, intact, every acknowledged write in', async () => {
    const dir = tempDir();
    const database = join(dir, 'nexus.db');
    await (await prepareDatabase(database)).db.destroy();
    const writer = startWriter(database);
    try {
      await writer.reached(300);
      const acknowledgedBefore = writer.acknowledged();
      const { path } = backupDatabase(database, join(dir, 'backups', 'copy.db'));
      await writer.reached(acknowledgedBefore + 100); // still writing after the copy

      expect(integrityOf(path)).toBe('ok');
      // Rows 1..n, none missing, at least all acknowledged before the copy began.
      const copied = writesIn(path);
      expect(copied.last).toBeGreaterThanOrEqual(acknowledgedBefore);
      expect(copied.n).toBe(copied.last);
      // A restored copy opens as the bot opens its database: checked, migrated, nothing to do.
      const restored = await prepareDatabase(path);
      expect(restored.migrations).toEqual([]);
      await restored.db.destroy();
    } finally {
      await writer.stop();
    }
  });

  it('`npm run backup -- FILE` copies DATABASE_PATH while it is written, and never overwrites a file', async () => {
    const dir = tempDir();
    const database = join(dir, 'nexus.db');
    await (await prepareDatabase(database)).db.destroy();
    const writer = startWriter(database);
    const backup = (file: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn('npm', ['run', '--silent', 'backup', '--', join(dir, file)], {
          cwd: root,
          env: { ...process.env, DATABASE_PATH: database },
        });
        const [stdout, stderr] = [new Output(child.stdout), new Output(child.stderr)];
        child.on('close', (code) => resolve({ code, stdout: stdout.text, stderr: stderr.text }));
      });
    try {
      await writer.reached(100);
      const acknowledgedBefore = writer.acknowledged();
      const written = await backup('nexus-copy.db');
      expect(written.code).toBe(0);
      expect(written.stdout).toMatch(/nexus\.db backed up to .*nexus-copy\.db \([\d,]+ bytes\)/);
      expect(integrityOf(join(dir, 'nexus-copy.db'))).toBe('ok');
      expect(writesIn(join(dir, 'nexus-copy.db')).last).toBeGreaterThanOrEqual(acknowledgedBefore);

      const again = await backup('nexus-copy.db');
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already exists');
    } finally {
      await writer.stop();
    }
  });
});

describe('daily backups (BACKUP_DIR)', () => {
  const day = (date: string) => `nexus-${date}.db`;
  const december = (d: number) => `2026-12-0${d}`;

  it('plans today’s backup and the removal of those past the last seven', () => {
    const dir = tempDir();
    for (const d of [1, 2, 3, 4, 5, 6, 7, 8]) writeFileSync(join(dir, day(december(d))), '');
    writeFileSync(join(dir, 'notes.txt'), '');

    expect(planDailyBackup(dir, new Date('2026-12-09T08:00:00Z'), 7)).toEqual({
      due: join(dir, day(december(9))),
      expired: [join(dir, day(december(1))), join(dir, day(december(2)))],
    });
    expect(planDailyBackup(dir, new Date('2026-12-08T23:59:00Z'), 7)).toEqual({
      due: undefined,
      expired: [join(dir, day(december(1)))],
    });
  });

  it('writes one a day off the event loop, keeps the last seven, and keeps the old ones when a copy fails', async () => {
    const dir = tempDir();
    const backups = join(dir, 'backups');
    const database = join(dir, 'nexus.db');
    await (await prepareDatabase(database)).db.destroy();
    let now = new Date('2026-12-01T10:00:00Z');
    const logged: { msg: string; ref?: string; backup?: string }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const daily = startDailyBackups({ databasePath: database, dir: backups, log, now: () => now });
    await daily.stop();
    expect(readdirSync(backups)).toEqual([day(december(1))]);
    expect(integrityOf(join(backups, day(december(1))))).toBe('ok');

    for (const d of [2, 3, 4, 5, 6, 7, 8]) writeFileSync(join(backups, day(december(d))), '');
    now = new Date('2026-12-09T00:30:00Z');
    const failing = startDailyBackups({
      databasePath: database,
      dir: backups,
      log,
      now: () => now,
      copy: async () => {
        throw new Error('disk full');
      },
    });
    await failing.stop();
    expect(readdirSync(backups)).toHaveLength(8);
    expect(logged.at(-1)).toMatchObject({
      msg: 'daily database backup failed',
      ref: expect.stringMatching(/^[0-9A-F]{8}$/),
      backup: join(backups, day(december(9))),
    });

    const next = startDailyBackups({ databasePath: database, dir: backups, log, now: () => now });
    await next.stop();
    expect(readdirSync(backups).sort()).toEqual([3, 4, 5, 6, 7, 8, 9].map((d) => day(december(d))));
    expect(existsSync(join(backups, day(december(1))))).toBe(false);
  });
});
