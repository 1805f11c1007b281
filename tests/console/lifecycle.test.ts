import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmStart } from '../support/console.js';
import { tempDir } from '../support/db.js';

/** `npm start` left running with its input open, until the test ends it. */
async function runningConsole(database: string) {
  const child = spawn('npm', ['start'], {
    env: {
      ...process.env,
      DISCORD_TOKEN: '',
      DISCORD_GUILD_ID: '',
      LOG_LEVEL: 'info',
      DATABASE_PATH: database,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const banner = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('Nexus local console')) resolve();
    }),
  );
  await banner;
  // The process that holds the database is the one named in the lock's note, not npm's.
  const note = readFileSync(`${database}-lock.holder`, 'utf8');
  const pid = Number(/Nexus process (\d+)/.exec(note)?.[1]);
  const closed = once(child, 'close') as Promise<[number | null]>;
  return { child, pid, closed, output: () => ({ stdout, stderr }) };
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

describe('the bot process, from start to stop', () => {
  it('stops cleanly on SIGTERM and lets go of the database', async () => {
    const database = join(tempDir(), 'nexus.db');
    const first = await runningConsole(database);
    process.kill(first.pid, 'SIGTERM');
    const [code] = await first.closed;

    expect(code).toBe(0);
    expect(first.output().stderr).toContain('shutting down');
    const next = await npmStart('/help\n', { DATABASE_PATH: database });
    expect(next.code).toBe(0);
  });

  it('refuses a second bot on the same database, and starts again after the first is killed', async () => {
    const database = join(tempDir(), 'nexus.db');
    const first = await runningConsole(database);

    const second = await npmStart('/help\n', { DATABASE_PATH: database });
    expect(second.code).toBe(1);
    // npm prints its banner on stderr first; the bot's refusal is the one line that follows.
    const refusal = lastLine(second.stderr);
    expect(refusal).toMatch(
      new RegExp(`^The database ${database} is in use by Nexus process ${first.pid} on .+\\. Stop`),
    );
    expect(second.stderr).not.toMatch(/\n\s+at /);

    // Killed outright: the operating system drops its lock, nothing is left to expire.
    process.kill(first.pid, 'SIGKILL');
    first.child.kill('SIGKILL');
    await first.closed;
    const third = await npmStart('/help\n', { DATABASE_PATH: database });
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('/learning');
  });

  it('refuses to serve from a damaged database file, in one line', async () => {
    const database = join(tempDir(), 'nexus.db');
    expect((await npmStart('', { DATABASE_PATH: database })).code).toBe(0);
    const file = openSync(database, 'r+');
    const middle = Math.floor(statSync(database).size / 2 / 4096) * 4096;
    writeSync(file, Buffer.alloc(8192, 0x5a), 0, 8192, middle);
    closeSync(file);

    const refused = await npmStart('/learning docker\n', { DATABASE_PATH: database });
    expect(refused.code).toBe(1);
    expect(lastLine(refused.stderr)).toMatch(
      /^The database .* is damaged \(.+\)\. Nexus will not serve from it/,
    );
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(refused.stdout).not.toContain('Docker');
  });
});
