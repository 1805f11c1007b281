import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { consoleGuildId } from '../../src/discord/console.js';
import { joinProject } from '../../src/pairing/projects.js';
import { prepareDatabase } from '../../src/setup.js';
import { Output, startCompiledBot } from '../support/compiled-bot.js';
import { tempDir } from '../support/db.js';
import { productionNodeFlags } from '../support/production.js';

/** The names Kysely recorded for the migrations it applied, in order. */
function migrationsRecorded(path: string): string[] {
  const database = new SQLite(path, { readonly: true });
  try {
    return database
      .prepare('SELECT name FROM kysely_migration ORDER BY name')
      .pluck()
      .all() as string[];
  } finally {
    database.close();
  }
}

/** The compiled console on `database`, fed `input`; resolves once it has exited. */
async function compiledConsole(database: string, input: string) {
  const bot = startCompiledBot({ DATABASE_PATH: database, LOG_LEVEL: 'warn' });
  bot.child.stdin.end(input);
  const code = await bot.exited;
  return { code, stdout: bot.stdout.text, stderr: bot.stderr.text };
}

describe('the compiled build (dist/)', () => {
  it('opens a database made from the TypeScript sources, upgrading nothing and renaming no migration', async () => {
    const database = join(tempDir(), 'nexus.db');
    const made = await prepareDatabase(database);
    // Enough learners that the round is planned in its worker thread, which must start from dist/.
    for (let i = 0; i < 300; i++) {
      await joinProject(made.db, {
        guildId: consoleGuildId,
        user: { id: String(1_600_000_000_000_000_000n + BigInt(i)), name: `learner${i}` },
        projectName: 'ALX Travel App',
        role: i % 2 === 0 ? 'backend' : 'frontend',
        defaultTimezone: 'UTC',
        now: new Date(),
      });
    }
    await made.db.destroy();
    const before = migrationsRecorded(database);
    expect(before).toEqual(made.migrations);
    expect(before.every((name) => /^\d{8}T\d{4}_[a-z0-9_]+$/.test(name))).toBe(true);

    const run = await compiledConsole(database, '/learning docker\n/project round\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('== Docker ==');
    expect(run.stdout).toContain('**Weekly round preview** (nothing is saved): 150 new pairs.');
    expect(run.stdout).not.toContain('Something went wrong');
    expect(migrationsRecorded(database)).toEqual(before);
  });

  it('imports a document in its parser worker, started from dist/', async () => {
    const dir = tempDir();
    const document = join(dir, 'amina.md');
    writeFileSync(
      document,
      '# Amina\n\n## Docker\n\n- Pin base image versions so builds stay reproducible.\n',
    );
    const run = await compiledConsole(join(dir, 'nexus.db'), `/nexus import file:${document}\n`);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported amina.md into this server: 1 created');
  });

  it('`npm start` builds, then runs dist/src/main.js with plain node and its flags, no loader', async () => {
    const database = join(tempDir(), 'nexus.db');
    const child = spawn('npm', ['start'], {
      env: { ...process.env, DISCORD_TOKEN: '', LOG_LEVEL: 'warn', DATABASE_PATH: database },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout = new Output(child.stdout);
    new Output(child.stderr);
    await stdout.waitFor((o) => o.text.includes('Nexus local console') || undefined, 'banner');
    // The process holding the database is the bot itself.
    const pid = Number(
      /Nexus process (\d+)/.exec(readFileSync(`${database}-lock.holder`, 'utf8'))?.[1],
    );
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(command.slice(1)).toEqual([...productionNodeFlags(), 'dist/src/main.js']);
    child.stdin.end('/help\n');
    const [code] = await new Promise<[number | null]>((resolve) =>
      child.on('close', (exitCode) => resolve([exitCode])),
    );
    expect(code).toBe(0);
    expect(stdout.text).toContain('/learning');
  });

  it("starts with npm start's node flags wherever production starts it", () => {
    const flags = productionNodeFlags();
    expect(flags.length).toBeGreaterThan(0);
    const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
    const cmd = /^CMD (.+)$/m.exec(read('Dockerfile'))?.[1] ?? '';
    expect(JSON.parse(cmd)).toEqual(['node', ...flags, 'dist/src/main.js']);
    const command = `node ${flags.join(' ')} dist/src/main.js`;
    expect(read('README.md')).toContain(command);
    expect(read('scripts/build-production.sh')).toContain(command);
  });
});
