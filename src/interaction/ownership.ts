import type { Origin } from '../db/schema.js';
import { type ChangeRefusal, changeRefusal } from '../ownership.js';
import { truncate } from '../text.js';
import { type Context, type Precondition, Refusal } from './command.js';
import { componentId, rowId } from './component-id.js';
import { button, route } from './declare.js';
import { type Outcome, reply, update } from './message.js';
import { option } from './options.js';

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

type Owned = { id: number; origin: Origin; author_id: string | null; title: string };

export interface Ownership<T extends Owned> {
  command: string;
  noun: 'learning' | 'challenge';
  find(ctx: Context, id: number): Promise<T | undefined>;
  remove(ctx: Context, entry: T): Promise<void>;
  /** What goes with the entry, e.g. " with all its solutions and votes". */
  alsoRemoved?: string;
}

/**
 * Edit and remove for entries that belong to their author: the precondition that loads an entry
 * only for its author or a moderator, and a removal that asks first and checks again when
 * confirmed.
 */
export function ownership<T extends Owned>(spec: Ownership<T>) {
  const also = spec.alsoRemoved ?? '';
  const removeId = componentId(spec.command, 'remove', { id: rowId });
  const keepId = componentId(spec.command, 'keep', { id: rowId });
  const idOption = { id: option.rowNumber(spec.noun) };

  /** Passes the entry on to its author or a moderator; refuses anyone else. */
  const mayChange: Precondition<{ id: number }, T> = {
    who: 'the author or Manage Messages',
    async check(ctx, { id }) {
      const entry = await spec.find(ctx, id);
      const refusal = changeRefusal(entry, {
        id: ctx.actor.id,
        canModerate: ctx.actor.permissions.has('ManageMessages'),
      });
      return refusal || !entry
        ? new Refusal(describeRefusal(spec.noun, id, refusal ?? 'not-found'))
        : entry;
    },
  };

  const confirmRemoval = (entry: T): Outcome =>
    reply({
      ephemeral: true,
      content: `Remove ${spec.noun} #${entry.id} "${truncate(entry.title, 80)}"${also}? This cannot be undone.`,
      buttons: [
        [
          { customId: removeId.encode(entry), label: `Remove #${entry.id}`, style: 'danger' },
          { customId: keepId.encode(entry), label: 'Keep it', style: 'secondary' },
        ],
      ],
    });

  /** `/<command> remove id`, with the help and description given. */
  const removeRoute = (text: { description: string; help: string }) =>
    route({
      ...text,
      options: idOption,
      requires: mayChange,
      run: async (_ctx, _options, entry) => confirmRemoval(entry),
    });

  const components = [
    button({
      id: removeId,
      requires: mayChange,
      async run(ctx, { id }, entry) {
        await spec.remove(ctx, entry);
        return update({ content: `Removed ${spec.noun} #${id}${also}.` });
      },
    }),
    button({
      id: keepId,
      run: async (_ctx, { id }) => update({ content: `Kept ${spec.noun} #${id}.` }),
    }),
  ];

  return { idOption, mayChange, removeRoute, components };
}
