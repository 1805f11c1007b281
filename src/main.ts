import { type Client, Status } from 'discord.js';
import { commands } from '../commands/index.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { lockDatabase } from './db/lock.js';
import { StartRefusal } from './db/refusal.js';
import { channelAccess, syncChannelName, watchSyncChannels } from './discord/channels.js';
import { memberDirectory, startDiscordBot } from './discord/client.js';
import { consoleChannels, consoleGuildId, createConsole } from './discord/console.js';
import { createRateLimiter } from './discord/rate-limit.js';
import { clientPoster } from './discord/rest-poster.js';
import { createRouter } from './discord/router.js';
import { createHubCounters } from './learnings/stats.js';
import { createLogger, type Logger, newErrorRef } from './log.js';
import { startDailyBackups } from './ops/daily-backups.js';
import type { Check } from './ops/health.js';
import { logInteraction } from './ops/interaction-log.js';
import { getLearner } from './pairing/projects.js';
import { guardProcess } from './process-guard.js';
import { prepareDatabase, shippedPromptsFile } from './setup.js';
import { forwardingPoster, type Poster } from './sync/poster.js';
import { readShippedPrompts } from './sync/prompts.js';
import type { SyncDeps } from './sync/run.js';
import { startScheduler } from './sync/scheduler.js';
import { ensureSettings } from './sync/settings.js';

/** However shutdown goes, the process is gone this long after a signal. */
const exitWithinMs = 10_000;

/** Whether members can reach the bot: through a ready gateway session, or the local console. */
function connection(client: Client | undefined, consoleReading: boolean): Check {
  if (consoleReading) return { ok: true, detail: 'local console reading' };
  if (!client) return { ok: false, detail: 'connecting to Discord' };
  const status = client.ws.status;
  return status === Status.Ready
    ? { ok: true, detail: 'gateway ready' }
    : { ok: false, detail: `gateway ${Status[status]?.toLowerCase() ?? status}` };
}

async function start(config: Config, log: Logger): Promise<void> {
  const lock = lockDatabase(config.DATABASE_PATH);
  const { db, migrations, shipped, shippedChallenges } = await prepareDatabase(
    config.DATABASE_PATH,
  ).catch((error: unknown) => {
    lock.release();
    throw error;
  });
  log.info(
    { database: config.DATABASE_PATH, migrations, shipped, shippedChallenges },
    'database ready',
  );
  const clock = () => new Date();
  const shippedPrompts = await readShippedPrompts(shippedPromptsFile);

  let client: Client | undefined;
  let consoleReading = false;
  let lastTick: Date | undefined;
  const noteTick = (at: Date) => {
    lastTick = at;
  };
  // Loaded only when asked for, so a bot without HTTP_PORT never holds prom-client.
  const ops =
    config.HTTP_PORT === undefined
      ? undefined
      : await (await import('./ops/serve.js')).startOpsServer({
          host: config.HTTP_HOST,
          port: config.HTTP_PORT,
          db,
          databasePath: config.DATABASE_PATH,
          log,
          now: clock,
          connection: () => connection(client, consoleReading),
          lastTick: () => lastTick,
          gateway: () => client && { pingMs: client.ws.ping, guilds: client.guilds.cache.size },
        });
  const backups = config.BACKUP_DIR
    ? startDailyBackups({
        databasePath: config.DATABASE_PATH,
        dir: config.BACKUP_DIR,
        log,
        now: clock,
      })
    : undefined;
  // Channel posts go to the console or, once connected, through the client's REST.
  let poster: Poster | undefined;
  const sync: Omit<SyncDeps, 'db'> = {
    poster: forwardingPoster(() => poster),
    shippedPrompts,
    log,
  };
  const counters = createHubCounters(db, { log });
  const router = createRouter({
    db,
    commands,
    log,
    counters,
    now: clock,
    defaultTimezone: config.DEFAULT_TIMEZONE,
    members: (guildId) => (client ? memberDirectory(client, guildId) : undefined),
    channels: (guildId) => (client ? channelAccess(client, guildId) : undefined),
    sync,
    onOutcome: (report) => {
      logInteraction(log, report);
      ops?.observe(report);
    },
    rateLimiter: createRateLimiter({
      burst: config.RATE_LIMIT_BURST,
      refillSeconds: config.RATE_LIMIT_REFILL_SECONDS,
      now: () => Date.now(),
    }),
  });

  let stopScheduler: (() => Promise<void>) | undefined;
  let channelsSettled: (() => Promise<void>) | undefined;
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    await ops?.close();
    await stopScheduler?.();
    await client?.destroy();
    await channelsSettled?.();
    await counters.close();
    await backups?.stop();
    await db.destroy();
    lock.release();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        log.error({ signal, ref: newErrorRef() }, 'shutdown took too long; exiting anyway');
        process.exit(1);
      }, exitWithinMs).unref();
      stop(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error, ref: newErrorRef() }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }

  if (!config.DISCORD_TOKEN) {
    const guildId = config.DISCORD_GUILD_ID;
    const local = createConsole({
      write: (text) => process.stdout.write(`${text}\n`),
      commands,
      guildId,
      userName: async (id) => (await getLearner(db, guildId ?? consoleGuildId, id))?.user_name,
    });
    poster = local.poster;
    await ensureSettings(db, guildId ?? consoleGuildId, {
      channelId: consoleChannels[syncChannelName],
      timezone: config.DEFAULT_TIMEZONE,
      now: clock(),
    });
    stopScheduler = await startScheduler({ db, ...sync }, clock, noteTick);
    consoleReading = true;
    await local.run(process.stdin, router);
    consoleReading = false;
    await stop('end of input');
    return;
  }

  client = await startDiscordBot({
    token: config.DISCORD_TOKEN,
    apiBase: config.DISCORD_API_BASE,
    router,
    log,
    beforeLogin: (connecting) => {
      const deps = { db, timezone: config.DEFAULT_TIMEZONE, now: clock, log };
      channelsSettled = watchSyncChannels(connecting, deps);
    },
  });
  poster = clientPoster(client);
  stopScheduler = await startScheduler({ db, ...sync }, clock, noteTick);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
// Without a token, stdout is the console's; logs then go, readable, to stderr.
const log = createLogger({
  level: config.LOG_LEVEL,
  readable: !config.DISCORD_TOKEN,
  token: config.DISCORD_TOKEN,
});
guardProcess(log);
start(config, log).catch((error: unknown) => {
  if (error instanceof StartRefusal) process.stderr.write(`${error.message}\n`);
  else log.fatal({ err: error, ref: newErrorRef() }, 'could not start');
  // Whatever had started (the health server, a timer) must not keep a failed start alive.
  process.exit(1);
});
