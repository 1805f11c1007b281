import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { ApplicationCommandOptionType as OptionType } from 'discord-api-types/v10';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type Check, checkHealth, schedulerSilentAfterMs } from '../../src/ops/health.js';
import { type OpsServer, serveOps } from '../../src/ops/http.js';
import { newMember } from '../support/bot.js';
import { type CompiledBot, compiled, startCompiledBot } from '../support/compiled-bot.js';
import { tempDir } from '../support/db.js';
import { type DiscordDouble, slashCommand, startDiscordDouble } from '../support/discord-double.js';

const doubles: DiscordDouble[] = [];
afterEach(async () => {
  for (const double of doubles.splice(0)) await double.close();
});

/** The address the bot logged for its health and metrics server (HTTP_PORT=0: any free port). */
const servedAt = (bot: CompiledBot, logs: 'stdout' | 'stderr') =>
  bot[logs].waitFor((output) => {
    const line = output.text.split('\n').find((l) => l.includes('serving /healthz and /metrics'));
    return line && /"url":"([^"]+)"/.exec(line)?.[1];
  }, 'health server address');

/** The container's HEALTHCHECK command against the bot at `url`: its exit code. */
async function containerHealthcheck(url: string | undefined) {
  const child = spawn(process.execPath, [compiled('src/ops/healthcheck.js')], {
    env: { ...process.env, HTTP_PORT: url ? new URL(url).port : '', HTTP_HOST: '0.0.0.0' },
    stdio: 'ignore',
  });
  const [code] = await once(child, 'exit');
  return code;
}

async function get(url: string) {
  const response = await fetch(url);
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.startsWith('application/json');
  return { status: response.status, text, json: isJson ? JSON.parse(text) : undefined };
}

/**
 * Makes every write to the health probe's row fail, from another connection, as a failing disk
 * or a damaged file would: tests run as root, so a read-only file would not stop them.
 */
function injectWriteFault(databasePath: string): () => void {
  const database = new SQLite(databasePath);
  for (const event of ['INSERT', 'UPDATE']) {
    database.exec(
      `CREATE TRIGGER injected_${event.toLowerCase()}_fault BEFORE ${event} ON health_probe
       BEGIN SELECT RAISE(ABORT, 'injected write fault'); END`,
    );
  }
  return () => {
    database.exec('DROP TRIGGER injected_insert_fault; DROP TRIGGER injected_update_fault');
    database.close();
  };
}

const interactionsCounted = (metrics: string, command: string) =>
  Number(
    new RegExp(
      `^nexus_interactions_total\\{kind="command",command="${command}",outcome="answered"\\} (\\d+)$`,
      'm',
    ).exec(metrics)?.[1] ?? 0,
  );

describe('health and metrics over HTTP, from the compiled bot', () => {
  it('in the console: healthy, counts a command, and answers 503 naming a database that refuses writes', async () => {
    const database = join(tempDir(), 'nexus.db');
    const bot = startCompiledBot({ DATABASE_PATH: database, HTTP_PORT: '0' });
    const url = await servedAt(bot, 'stderr');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await bot.stdout.waitFor((o) => o.text.includes('Nexus local console') || undefined, 'banner');

    const healthy = await get(`${url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(healthy.json).toMatchObject({
      healthy: true,
      problems: [],
      checks: {
        connection: { ok: true, detail: 'local console reading' },
        database: { ok: true },
        scheduler: { ok: true },
      },
    });

    bot.child.stdin.write('/help\n');
    await bot.stdout.waitFor((o) => o.text.includes('/learning') || undefined, '/help answer');
    const metrics = await get(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(interactionsCounted(metrics.text, '/help')).toBe(1);
    expect(metrics.text).toMatch(/^nexus_interaction_duration_seconds_count\{kind="command"\} 1$/m);
    expect(metrics.text).toMatch(/^nexus_outbox_pending_messages 0$/m);
    expect(metrics.text).toMatch(/^nexus_sync_runs\{status="posted"\} 0$/m);
    expect(metrics.text).toMatch(/^nexus_database_bytes [1-9]\d*$/m);
    expect(metrics.text).toMatch(/^process_resident_memory_bytes \d+$/m);

    expect(await containerHealthcheck(url)).toBe(0);

    const restore = injectWriteFault(database);
    const failing = await get(`${url}/healthz`);
    expect(failing.status).toBe(503);
    expect(failing.json).toMatchObject({
      healthy: false,
      problems: ['database: injected write fault'],
      checks: { connection: { ok: true }, scheduler: { ok: true } },
    });
    expect(await containerHealthcheck(url)).toBe(1);

    restore();
    expect((await get(`${url}/healthz`)).status).toBe(200);
    bot.child.stdin.end();
    expect(await bot.exited).toBe(0);
  });

  it('on the gateway: healthy once connected, counts interactions, reports servers and ping', async () => {
    const double = await startDiscordDouble({ guildDelayMs: 25 });
    doubles.push(double);
    const database = join(tempDir(), 'nexus.db');
    const bot = startCompiledBot({
      DATABASE_PATH: database,
      DISCORD_TOKEN: 'test-token',
      DISCORD_API_BASE: double.apiBase,
      HTTP_PORT: '0',
    });
    const url = await servedAt(bot, 'stdout');
    await bot.stdout.waitForLog((line) => line.msg === 'connected to Discord');

    const healthy = await get(`${url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(healthy.json.checks.connection).toEqual({ ok: true, detail: 'gateway ready' });

    const learning = slashCommand(
      'learning',
      [{ type: OptionType.String, name: 'topic', value: 'docker' }],
      { member: newMember('metrics') },
    );
    const { id, token } = double.dispatchInteraction(learning);
    await double.waitForRequest(
      (r) => r.path.endsWith(`/interactions/${id}/${token}/callback`) && r.status < 300,
    );
    // One line for it: what, where, how it ended, how long; never the option's value or the token.
    const line = await bot.stdout.waitForLog((l) => l.msg === 'interaction handled');
    expect(line).toMatchObject({
      level: 30,
      interaction: 'command',
      command: '/learning',
      guildId: double.guilds[0]?.id,
      outcome: 'answered',
      ms: expect.any(Number),
    });
    expect(JSON.stringify(line)).not.toContain('docker');
    expect(bot.stdout.text).not.toContain('test-token');
    const metrics = (await get(`${url}/metrics`)).text;
    expect(interactionsCounted(metrics, '/learning')).toBe(1);
    expect(metrics).toMatch(/^nexus_guilds 1$/m);
    expect(metrics).toMatch(/^# TYPE nexus_gateway_ping_seconds gauge$/m);

    const restore = injectWriteFault(database);
    const failing = await get(`${url}/healthz`);
    expect(failing.status).toBe(503);
    expect(failing.json.problems).toEqual(['database: injected write fault']);
    restore();

    expect(await bot.stop()).toBe(0);
    expect(double.validationErrors).toEqual([]);
  });

  it('exits 1 when it cannot start, instead of serving 503 forever', async () => {
    const bot = startCompiledBot({
      DATABASE_PATH: join(tempDir(), 'nexus.db'),
      DISCORD_TOKEN: 'test-token',
      DISCORD_API_BASE: 'http://127.0.0.1:9/api',
      HTTP_PORT: '0',
    });
    expect(await bot.exited).toBe(1);
    expect(bot.stdout.jsonLines().at(-1)).toMatchObject({ level: 60, msg: 'could not start' });
  });

  it('serves nothing unless HTTP_PORT is set, and the container healthcheck then passes', async () => {
    const bot = startCompiledBot({ DATABASE_PATH: join(tempDir(), 'nexus.db') });
    bot.child.stdin.end('/help\n');
    expect(await bot.exited).toBe(0);
    expect(bot.stderr.text).not.toContain('/healthz');
    expect(await containerHealthcheck(undefined)).toBe(0);
  });
});

describe('what /healthz judges, with an injected clock', () => {
  const servers: OpsServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  /** The real HTTP server over checkHealth, its sources set by the test. */
  async function serve(sources: { connection?: Check; lastTick?: Date; now: Date }) {
    const server = await serveOps(
      {
        health: () =>
          checkHealth({
            connection: () => sources.connection ?? { ok: true, detail: 'gateway ready' },
            probeDatabase: async () => undefined,
            lastTick: () => sources.lastTick,
            now: () => sources.now,
          }),
        metrics: async () => ({ contentType: 'text/plain', body: '' }),
      },
      { host: '127.0.0.1', port: 0, log: pino({ level: 'silent' }) },
    );
    servers.push(server);
    return server.url;
  }

  const now = new Date('2026-12-07T09:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('stays healthy while the scheduler checked within two minutes, however long a run takes', async () => {
    const url = await serve({ lastTick: ago(schedulerSilentAfterMs), now });
    const { status, json } = await get(`${url}/healthz`);
    expect(status).toBe(200);
    expect(json.checks.scheduler).toEqual({
      ok: true,
      detail: 'last checked the schedules 120 s ago',
    });
  });

  it('answers 503 naming a scheduler whose timer went silent, or never started', async () => {
    const silent = await get(
      `${await serve({ lastTick: ago(schedulerSilentAfterMs + 1000), now })}/healthz`,
    );
    expect(silent.status).toBe(503);
    expect(silent.json.problems).toEqual(['scheduler: last checked the schedules 121 s ago']);

    const unstarted = await get(`${await serve({ now })}/healthz`);
    expect(unstarted.json.problems).toEqual(['scheduler: not started']);
  });

  it('answers 503 naming a gateway that is not ready', async () => {
    const connection = { ok: false, detail: 'gateway reconnecting' };
    const { status, json } = await get(
      `${await serve({ connection, lastTick: now, now })}/healthz`,
    );
    expect(status).toBe(503);
    expect(json.problems).toEqual(['connection: gateway reconnecting']);
  });

  it('serves only GET /healthz and /metrics', async () => {
    const url = await serve({ lastTick: now, now });
    expect((await get(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});
