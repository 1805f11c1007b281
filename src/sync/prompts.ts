import { readFile } from 'node:fs/promises';
import type { Db } from '../db/schema.js';

/** The shipped prompts: one per `- ` bullet of `data/sync-prompts.md`, continuation lines joined. */
export async function readShippedPrompts(path: string): Promise<string[]> {
  const prompts: string[] = [];
  for (const line of (await readFile(path, 'utf8')).split(/\r?\n/)) {
    if (line.startsWith('- ')) prompts.push(line.slice(2).trim());
    else if (/^\s+\S/.test(line) && prompts.length > 0)
      prompts[prompts.length - 1] += ` ${line.trim()}`;
  }
  return prompts;
}

export async function serverPrompts(db: Db, guildId: string) {
  return db
    .selectFrom('sync_prompts')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('id')
    .execute();
}

/** A server's own prompts rotate once it has any; until then the shipped ones do. */
export async function promptRotation(
  db: Db,
  guildId: string,
  shipped: readonly string[],
): Promise<string[]> {
  const own = await serverPrompts(db, guildId);
  return own.length > 0 ? own.map((p) => p.text) : [...shipped];
}

export async function addPrompt(
  db: Db,
  guildId: string,
  text: string,
  authorId: string,
  now: Date,
) {
  return db
    .insertInto('sync_prompts')
    .values({ guild_id: guildId, text, author_id: authorId, created_at: now.toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function removePrompt(db: Db, guildId: string, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('sync_prompts')
    .where('guild_id', '=', guildId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
