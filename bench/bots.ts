import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';

export type BotKind = 'nexus' | 'bare';
export const botKinds: readonly BotKind[] = ['nexus', 'bare'];

export interface RunningBot {
  close(): Promise<void>;
}

/**
 * The router as src/main.ts wires it (default rate limit, counters written once a second) over a
 * prepared database, with a silent logger. Its modules load here, on demand, so a bare bot's process never holds them.
 */
export async function createNexusRouter(databasePath: string) {
  const [{ default: pino }, { commands }, rateLimit, { createRouter }, setup, stats] =
    await Promise.all([
      import('pino'),
      import('../commands/index.js'),
      import('../src/discord/rate-limit.js'),
      import('../src/discord/router.js'),
      import('../src/setup.js'),
      import('../src/learnings/stats.js'),
    ]);
  const { db } = await setup.prepareDatabase(databasePath);
  const log = pino({ level: 'silent' });
  const counters = stats.createHubCounters(db, { log });
  const router = createRouter({
    db,
    commands,
    log,
    counters,
    now: () => new Date(),
    rateLimiter: rateLimit.createRateLimiter({ burst: 8, refillSeconds: 2, now: () => Date.now() }),
  });
  const close = async () => {
    await counters.close();
    await db.destroy();
  };
  return { db, log, router, close };
}

/** The real bot: `startDiscordBot` with that router. */
async function startNexus(apiBase: string, databasePath: string): Promise<RunningBot> {
  const { log, router, close } = await createNexusRouter(databasePath);
  const { startDiscordBot } = await import('../src/discord/client.js');
  const client = await startDiscordBot({ token: 'bench-token', apiBase, router, log });
  if (!client.isReady()) await once(client, Events.ClientReady);
  return {
    async close() {
      await client.destroy();
      await close();
    },
  };
}

/** The floor: the same discord.js client options, answering every interaction with "ok". */
async function startBare(apiBase: string): Promise<RunningBot> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: { api: apiBase },
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isRepliable()) void interaction.reply({ content: 'ok' });
  });
  const ready = once(client, Events.ClientReady);
  await client.login('bench-token');
  await ready;
  return { close: () => client.destroy() };
}

export function startBot(
  kind: BotKind,
  apiBase: string,
  databasePath: string,
): Promise<RunningBot> {
  return kind === 'nexus' ? startNexus(apiBase, databasePath) : startBare(apiBase);
}
