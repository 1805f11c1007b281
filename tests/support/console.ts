import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from './db.js';

/** Runs the real `npm start` with piped input, as a newcomer would, on a fresh database. */
export function npmStart(input: string, env: Record<string, string> = {}) {
  const database = env.DATABASE_PATH ?? join(tempDir(), 'data', 'nexus.db');
  const child = spawn('npm', ['start'], {
    env: {
      ...process.env,
      DISCORD_TOKEN: '',
      DISCORD_GUILD_ID: '',
      LOG_LEVEL: 'warn',
      ...env,
      DATABASE_PATH: database,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(input);
  return new Promise<{ code: number | null; stdout: string; stderr: string; database: string }>(
    (resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, database })),
  );
}
