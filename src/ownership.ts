import type { Origin } from './db/schema.js';

/** Who an entry comes from: the server it belongs to (none when shipped), its origin, its author. */
export interface Provenance {
  /** Null for shipped entries, which every server sees. */
  guildId: string | null;
  origin: Origin;
  author: { id: string | null; name: string };
  now: Date;
}

/** The columns every stored entry (learning, challenge, solution) keeps of its provenance. */
export function provenanceColumns(record: Provenance) {
  return {
    guild_id: record.guildId,
    origin: record.origin,
    author_id: record.author.id,
    author_name: record.author.name,
  };
}

export type ChangeRefusal = 'not-found' | 'shipped' | 'not-allowed';

/**
 * Who may change a stored entry: its author, or a moderator of the server it belongs to. Shipped
 * entries belong to every server, so they change only through `data/`.
 */
export function changeRefusal(
  entry: { origin: Origin; author_id: string | null } | undefined,
  actor: { id: string; canModerate: boolean },
): ChangeRefusal | undefined {
  if (!entry) return 'not-found';
  if (entry.origin === 'shipped') return 'shipped';
  if (entry.author_id !== actor.id && !actor.canModerate) return 'not-allowed';
  return undefined;
}
