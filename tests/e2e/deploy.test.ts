import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { tempDir } from '../support/db.js';
import {
  DEFAULT_GUILD_ID,
  type DiscordDouble,
  type RecordedRequest,
  startDiscordDouble,
} from '../support/discord-double.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsxCli = `${root}node_modules/tsx/dist/cli.mjs`;
const deployScript = `${root}src/discord/deploy.ts`;

/** What `npm run deploy` runs, in a folder of its own (so no `.env` leaks in) with exactly `env`. */
function runDeploy(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, deployScript, ...args], {
      cwd: tempDir(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The definitions exactly as they travel as JSON. */
const definitions = JSON.parse(JSON.stringify(commands.map((c) => c.definition))) as {
  name: string;
}[];

let double: DiscordDouble;

beforeEach(async () => {
  double = await startDiscordDouble();
});

afterEach(async () => {
  await double.close();
});

describe('npm run deploy', () => {
  const puts = () => double.requests.filter((r) => r.method === 'PUT');
  const env = (extra: Record<string, string> = {}) => ({
    DISCORD_TOKEN: 'test-token',
    DISCORD_APPLICATION_ID: double.bot.id,
    DISCORD_API_BASE: double.apiBase,
    ...extra,
  });

  function expectCommandsPut(put: RecordedRequest | undefined) {
    expect(put?.status).toBe(200);
    expect(put?.headers.authorization).toBe('Bot test-token');
    const sent = (put?.body ?? []) as { name: string }[];
    expect(sent.map((c) => c.name)).toEqual(commands.map((c) => c.definition.name));
    expect(sent.map((c) => c.name)).toEqual(
      expect.arrayContaining(['help', 'learning', 'search', 'nexus']),
    );
    expect(put?.body).toEqual(definitions);
    expect(put?.validationError).toBeUndefined();
  }

  it('registers exactly the commands of commands/index.ts in one server', async () => {
    const run = await runDeploy([], env({ DISCORD_GUILD_ID: DEFAULT_GUILD_ID }));

    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toContain(
      `Registered ${definitions.length} commands for server ${DEFAULT_GUILD_ID}.`,
    );
    expect(puts()).toHaveLength(1);
    expect(puts()[0]?.path).toBe(
      `/api/v10/applications/${double.bot.id}/guilds/${DEFAULT_GUILD_ID}/commands`,
    );
    expectCommandsPut(puts()[0]);
  });

  it('registers them globally without DISCORD_GUILD_ID', async () => {
    const run = await runDeploy([], env());

    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toContain(
      `Registered ${definitions.length} commands for every server (global).`,
    );
    expect(puts()).toHaveLength(1);
    expect(puts()[0]?.path).toBe(`/api/v10/applications/${double.bot.id}/commands`);
    expectCommandsPut(puts()[0]);
  });

  it('prints only the JSON array with --dry-run and an empty environment', async () => {
    const run = await runDeploy(['--dry-run'], {});

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(definitions);
    expect(double.requests).toEqual([]);
  });

  it('fails with one clear line when the token is missing', async () => {
    const { DISCORD_TOKEN: _token, ...withoutToken } = env();
    const run = await runDeploy([], withoutToken);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(
      'Deploying needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example)',
    );
    expect(double.requests).toEqual([]);
  });
});
