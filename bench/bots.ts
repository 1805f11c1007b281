import { once } from 'node:events';
import {
  type APIInteractionResponseCallbackData,
  Client,
  Events,
  GatewayIntentBits,
  type InteractionReplyOptions,
} from 'discord.js';

/** Nexus; a bare client answering "ok"; a bare client answering with the message Nexus sends. */
export type BotKind = 'nexus' | 'bare' | 'echo';
export const botKinds: readonly BotKind[] = ['nexus', 'bare', 'echo'];

export interface RunningBot {
  close(): Promise<void>;
}

/**
 * The router as src/main.ts wires it (default rate limit, counters written once a second) over a
 * prepared database, with a silent logger. Its modules load here, on demand, so a bare bot's process never holds them.
 */
let members = 0n;
/** A member never seen before, so the per-member rate limit never refuses. */
export function freshMember() {
  members += 1n;
  return { id: String(1_500_000_000_000_000_000n + members), username: `member${members}` };
}

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

/**
 * The floor: a discord.js client with Nexus's intents and mention policy, and discord.js's
 * defaults otherwise, answering every interaction through `interaction.reply` with "ok", or with
 * `message` (the API's shape, handed over as API objects, so discord.js copies nothing).
 */
async function startBare(
  apiBase: string,
  message?: APIInteractionResponseCallbackData,
): Promise<RunningBot> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: { api: apiBase },
  });
  const encoded = <T>(value: T) => ({ toJSON: () => value });
  const reply = (
    message
      ? {
          content: message.content,
          embeds: message.embeds?.map(encoded),
          components: message.components?.map(encoded),
        }
      : { content: 'ok' }
  ) as InteractionReplyOptions;
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isRepliable()) void interaction.reply(reply);
  });
  const ready = once(client, Events.ClientReady);
  await client.login('bench-token');
  await ready;
  return { close: () => client.destroy() };
}

/** `input`: the database for Nexus, the message to send for an echo bot, unused for bare. */
export function startBot(kind: BotKind, apiBase: string, input: string): Promise<RunningBot> {
  if (kind === 'nexus') return startNexus(apiBase, input);
  return startBare(apiBase, kind === 'echo' ? JSON.parse(input) : undefined);
}
