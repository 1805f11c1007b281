import type { Origin } from '../db/schema.js';
import { type ChangeRefusal, changeRefusal } from '../ownership.js';
import { truncate } from '../text.js';
import { type ComponentRoute, type Context, customId } from './command.js';
import { notice, type Outcome, reply, update } from './message.js';

/** The sentence a member reads when they may not change an entry. */
function describeRefusal(
  noun: 'learning' | 'challenge',
  id: number,
  refusal: ChangeRefusal,
): string {
  switch (refusal) {
    case 'not-found':
      return `No ${noun} #${id} in this server.`;
    case 'shipped':
      return `${noun === 'learning' ? 'Learning' : 'Challenge'} #${id} ships with Nexus; it changes only through data/ in the repository.`;
    case 'not-allowed':
      return `Only the author of ${noun} #${id} or a member with Manage Messages can change it.`;
  }
}

type Owned = { origin: Origin; author_id: string | null; title: string };

export interface Ownership<T extends Owned> {
  command: string;
  noun: 'learning' | 'challenge';
  find(ctx: Context, id: number): Promise<T | undefined>;
  remove(ctx: Context, entry: T): Promise<void>;
  /** What goes with the entry, e.g. " with all its solutions and votes". */
  alsoRemoved?: string;
}

/**
 * Edit and remove for entries that belong to their author: loading with the permission rule,
 * and a removal that asks first and checks again when confirmed.
 */
export function ownership<T extends Owned>(spec: Ownership<T>) {
  const label = spec.noun === 'learning' ? 'learning' : 'challenge';
  const also = spec.alsoRemoved ?? '';

  /** The entry if the actor may change it, or the sentence that says why not. */
  async function changeable(ctx: Context, id: number): Promise<{ entry: T } | { refusal: string }> {
    const entry = await spec.find(ctx, id);
    const refusal = changeRefusal(entry, {
      id: ctx.actor.id,
      canModerate: ctx.actor.permissions.has('ManageMessages'),
    });
    return refusal || !entry
      ? { refusal: describeRefusal(spec.noun, id, refusal ?? 'not-found') }
      : { entry };
  }

  async function confirmRemoval(ctx: Context, id: number): Promise<Outcome> {
    const found = await changeable(ctx, id);
    if ('refusal' in found) return notice(found.refusal);
    return reply({
      ephemeral: true,
      content: `Remove ${label} #${id} "${truncate(found.entry.title, 80)}"${also}? This cannot be undone.`,
      buttons: [
        [
          {
            customId: customId(spec.command, 'remove', id),
            label: `Remove #${id}`,
            style: 'danger',
          },
          { customId: customId(spec.command, 'keep', id), label: 'Keep it', style: 'secondary' },
        ],
      ],
    });
  }

  const components: Record<'remove' | 'keep', ComponentRoute> = {
    remove: {
      async run(ctx, [id]) {
        const found = await changeable(ctx, Number(id));
        if ('refusal' in found) return update({ content: found.refusal });
        await spec.remove(ctx, found.entry);
        return update({ content: `Removed ${label} #${id}${also}.` });
      },
    },
    keep: { run: async (_ctx, [id]) => update({ content: `Kept ${label} #${id}.` }) },
  };

  return { changeable, confirmRemoval, components };
}
