import type { Client } from 'discord.js';
import { commands } from '../commands/index.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { startDiscordBot } from './discord/client.js';
import { runConsole } from './discord/console.js';
import { createRateLimiter } from './discord/rate-limit.js';
import { createRouter } from './discord/router.js';
import { createLogger, type Logger, newErrorRef } from './log.js';
import { guardProcess } from './process-guard.js';
import { prepareDatabase } from './setup.js';

async function start(config: Config, log: Logger): Promise<void> {
  const { db, migrations, shipped } = await prepareDatabase(config.DATABASE_PATH);
  log.info({ database: config.DATABASE_PATH, migrations, shipped }, 'database ready');
  const router = createRouter({
    db,
    commands,
    log,
    now: () => new Date(),
    rateLimiter: createRateLimiter({
      burst: config.RATE_LIMIT_BURST,
      refillSeconds: config.RATE_LIMIT_REFILL_SECONDS,
      now: () => Date.now(),
    }),
  });

  let client: Client | undefined;
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    await client?.destroy();
    await db.destroy();
  };

  if (!config.DISCORD_TOKEN) {
    await runConsole({
      input: process.stdin,
      write: (text) => process.stdout.write(`${text}\n`),
      router,
      commands,
      guildId: config.DISCORD_GUILD_ID,
    });
    await stop('end of input');
    return;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop(signal).then(() => process.exit(0));
    });
  }
  client = await startDiscordBot({
    token: config.DISCORD_TOKEN,
    apiBase: config.DISCORD_API_BASE,
    router,
    log,
  });
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
  log.fatal({ err: error, ref: newErrorRef() }, 'could not start');
  process.exitCode = 1;
});
