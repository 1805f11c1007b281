import pino from 'pino';
import { commands } from '../commands/index.js';
import { createRateLimiter } from '../src/discord/rate-limit.js';
import { createRouter, type Router } from '../src/discord/router.js';
import { createHubCounters } from '../src/learnings/stats.js';
import { prepareDatabase } from '../src/setup.js';
import { DEFAULT_CHANNEL_ID } from '../tests/support/discord-double.js';
import { benchGuildId } from './corpus.js';

let members = 0n;
/** A member never seen before, so the per-member rate limit never refuses. */
export function freshMember() {
  members += 1n;
  return { id: String(1_500_000_000_000_000_000n + members), username: `member${members}` };
}

/**
 * The router as src/main.ts wires it (default rate limit, counters written once a second) over a
 * prepared database, with a silent logger, for the suites that call it in the bench's process.
 */
/** `/learning docker` through a router, from a member never seen before; checks it answered. */
export async function askLearningDocker(router: Router): Promise<void> {
  const { id, username: name } = freshMember();
  const result = await router.handle({
    kind: 'command',
    command: 'learning',
    path: '',
    options: { topic: 'docker' },
    guildId: benchGuildId,
    channelId: DEFAULT_CHANNEL_ID,
    actor: { id, name, permissions: new Set() },
  });
  if (result.type !== 'reply') throw new Error(`unexpected router result ${result.type}`);
}

export async function createNexusRouter(databasePath: string) {
  const { db } = await prepareDatabase(databasePath);
  const log = pino({ level: 'silent' });
  const counters = createHubCounters(db, { log });
  const router = createRouter({
    db,
    commands,
    log,
    counters,
    now: () => new Date(),
    rateLimiter: createRateLimiter({ burst: 8, refillSeconds: 2, now: () => Date.now() }),
  });
  const close = async () => {
    await counters.close();
    await db.destroy();
  };
  return { db, log, router, close };
}
