import {
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
} from 'discord.js';
import { z } from 'zod';
import {
  type Attempt,
  type Command,
  type Component,
  type Context,
  type Focused,
  type Permission,
  type Precondition,
  permissionLabels,
  Refusal,
  type Route,
} from './command.js';
import type { ComponentId } from './component-id.js';
import { describeInvalidFields, type Form } from './fields.js';
import { type Choice, type Outcome, showModal } from './message.js';
import { describeInvalid, isRequired, optionJson, type Shape, type Values } from './options.js';

/**
 * Commands declared once: a command's routes (with their option schemas, guards and handlers)
 * and its components give the registration JSON, the route keys, the /help lines and what the
 * router runs, and each handler's input is typed from its own declaration.
 */

/** What every handler declares beside its code: who may run it, and what must hold first. */
interface Guarded<I, E> {
  permission?: Permission;
  requires?: Precondition<I, E>;
  run(ctx: Context, input: I, found: E): Promise<Outcome>;
}

async function runGuarded<I, E>(spec: Guarded<I, E>, ctx: Context, input: I): Promise<Attempt> {
  // A handler without a precondition finds nothing: its `E` is the declarations' default, undefined.
  const found = spec.requires ? await spec.requires.check(ctx, input) : (undefined as E);
  if (found instanceof Refusal) return { outcome: 'refused', reason: found.reason };
  return { outcome: 'answered', result: await spec.run(ctx, input, found) };
}

export interface RouteSpec<S extends Shape, E> extends Guarded<Values<S>, E> {
  /** Discord's description of the subcommand; a command without subcommands has its own. */
  description?: string;
  /** The /help line, where it says more than the description. */
  help?: string;
  options: S;
  autocomplete?(ctx: Context, focused: Focused): Promise<Choice[]>;
}

/** A route before its command names it. */
export type RouteDeclaration = Omit<Route, 'label' | 'usage' | 'who' | 'help'> & {
  description: string | undefined;
  help: string | undefined;
  who: string | undefined;
};

export function route<S extends Shape, E = undefined>(spec: RouteSpec<S, E>): RouteDeclaration {
  const schema = z.object(spec.options);
  return {
    description: spec.description,
    help: spec.help ?? spec.description,
    who: spec.requires?.who,
    permission: spec.permission,
    options: spec.options,
    async attempt(ctx, raw) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success)
        return { outcome: 'invalid', reason: describeInvalid(parsed.error, raw) };
      return runGuarded(spec, ctx, parsed.data);
    },
    ...(spec.autocomplete ? { autocomplete: spec.autocomplete } : {}),
  };
}

/** Said of a customId no component reads: a button from a version that no longer has it. */
export const staleComponent = 'This button or form is no longer supported. Run the command again.';

interface ComponentSpec<A, I, E> extends Guarded<I, E> {
  id: ComponentId<A>;
  /** Ids an earlier version posted that still sit in channels; they read to the same arguments. */
  formerIds?: readonly ComponentId<A>[];
}

function decoder<A>(spec: ComponentSpec<A, unknown, unknown>) {
  const ids = [spec.id, ...(spec.formerIds ?? [])];
  return {
    // A former id may share its label with the current one, its arguments in another order.
    labels: [...new Set(ids.map((id) => id.label))],
    decode: (customId: string) =>
      ids.reduce<A | undefined>((found, id) => found ?? id.decode(customId), undefined),
  };
}

export function button<A, E = undefined>(spec: ComponentSpec<A, A, E>): Component {
  const { labels, decode } = decoder(spec);
  return {
    kind: 'button',
    labels,
    permission: spec.permission,
    async attempt(ctx, customId) {
      const args = decode(customId);
      if (args === undefined) return { outcome: 'invalid', reason: staleComponent };
      return runGuarded(spec, ctx, args);
    },
  };
}

export interface ModalSpec<A, S extends Shape, E> extends ComponentSpec<A, A & Values<S>, E> {
  form: Form<S>;
}

/** A form and the component that answers it: `open` shows it with its id, `attempt` reads it. */
export interface ModalComponent<A, S extends Shape> extends Component {
  open(args: A, title: string, values?: Partial<Record<keyof S, string>>): Outcome;
}

export function modal<A, S extends Shape, E = undefined>(
  spec: ModalSpec<A, S, E>,
): ModalComponent<A, S> {
  const { labels, decode } = decoder(spec);
  return {
    kind: 'modal',
    labels,
    permission: spec.permission,
    open: (args, title, values) => showModal(spec.form.modal(spec.id.encode(args), title, values)),
    async attempt(ctx, customId, fields) {
      const args = decode(customId);
      if (args === undefined) return { outcome: 'invalid', reason: staleComponent };
      const parsed = spec.form.schema.safeParse(fields);
      if (!parsed.success)
        return { outcome: 'invalid', reason: describeInvalidFields(parsed.error) };
      return runGuarded(spec, ctx, { ...args, ...parsed.data });
    },
  };
}

export interface CommandSpec {
  name: string;
  description: string;
  /** Needed by every route; Discord also hides the command from members without it. */
  permission?: Permission;
  /** Descriptions of subcommand groups, by name: `prompt` for the routes `prompt add`, `prompt list`. */
  groups?: Record<string, string>;
  /** By subcommand path, in the order Discord lists them: '' alone for a command without any. */
  routes: Record<string, RouteDeclaration>;
  components?: readonly Component[];
}

export const commandLabel = (command: string, path: string) =>
  `/${[command, path].filter(Boolean).join(' ')}`;

export function defineCommand(spec: CommandSpec): Command {
  const routes: Record<string, Route> = {};
  for (const [path, declared] of Object.entries(spec.routes)) {
    const label = commandLabel(spec.name, path);
    const permission = declared.permission ?? spec.permission;
    const args = Object.entries(declared.options).map(([name, schema]) =>
      isRequired(schema) ? name : `[${name}]`,
    );
    routes[path] = {
      ...declared,
      label,
      usage: [label, ...args].join(' '),
      help: declared.help ?? spec.description,
      who: declared.who ?? (permission ? permissionLabels[permission] : 'everyone'),
      permission,
    };
  }
  return {
    definition: {
      type: ApplicationCommandType.ChatInput,
      name: spec.name,
      description: spec.description,
      contexts: [InteractionContextType.Guild],
      ...(spec.permission
        ? { default_member_permissions: String(PermissionFlagsBits[spec.permission]) }
        : {}),
      options: optionsOf(spec),
    },
    routes,
    components: spec.components ?? [],
  };
}

/** A command's options: its own, or its subcommands and groups in the order of its routes. */
function optionsOf(spec: CommandSpec): APIApplicationCommandOption[] {
  const basic = (declared: RouteDeclaration, where: string) =>
    Object.entries(declared.options).map(([name, schema]) => optionJson(name, schema, where));
  const paths = Object.keys(spec.routes);
  const only = spec.routes[''];
  if (only) {
    if (paths.length > 1) throw new Error(`/${spec.name} mixes '' with subcommands`);
    return basic(only, `/${spec.name}`);
  }
  const options: (
    | APIApplicationCommandSubcommandOption
    | APIApplicationCommandSubcommandGroupOption
  )[] = [];
  for (const [path, declared] of Object.entries(spec.routes)) {
    const label = commandLabel(spec.name, path);
    if (!declared.description) throw new Error(`${label} needs a description`);
    const [first = '', second, ...more] = path.split(' ');
    const subcommand: APIApplicationCommandSubcommandOption = {
      type: ApplicationCommandOptionType.Subcommand,
      name: second ?? first,
      description: declared.description,
      options: basic(declared, label),
    };
    if (second === undefined) {
      options.push(subcommand);
      continue;
    }
    const description = spec.groups?.[first];
    if (more.length > 0 || !description)
      throw new Error(`${label}: a group needs its description in groups, and one level only`);
    let group = options.find(
      (option): option is APIApplicationCommandSubcommandGroupOption =>
        option.type === ApplicationCommandOptionType.SubcommandGroup && option.name === first,
    );
    if (!group) {
      group = {
        type: ApplicationCommandOptionType.SubcommandGroup,
        name: first,
        description,
        options: [],
      };
      options.push(group);
    }
    group.options?.push(subcommand);
  }
  return options;
}
