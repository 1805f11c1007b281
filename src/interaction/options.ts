import {
  type APIApplicationCommandBasicOption,
  type ApplicationCommandOptionAllowedChannelType,
  ChannelType,
  ApplicationCommandOptionType as OptionType,
} from 'discord.js';
import { z } from 'zod';
import { formatCount, isBlank } from '../text.js';

/**
 * Slash-command options declared once, as zod schemas. The schema is what the router checks;
 * Discord's side of an option (its type, description, length and range limits, choices,
 * required or not) is read from the same schema, so the two cannot drift apart. What zod cannot
 * say (the description, the Discord type, autocomplete) rides along in a registry.
 */

interface Declaration {
  type:
    | OptionType.String
    | OptionType.Integer
    | OptionType.Number
    | OptionType.Boolean
    | OptionType.User
    | OptionType.Channel
    | OptionType.Attachment;
  description: string;
  autocomplete?: true;
  channelTypes?: ApplicationCommandOptionAllowedChannelType[];
}

const declarations = z.registry<Declaration>();

/** A route's options by name: schemas built with `option.*`, made optional with `.optional()`. */
export type Shape = Record<string, z.ZodType>;
export type Values<S extends Shape> = z.output<z.ZodObject<S>>;

const atMost = (max: number) => `at most ${formatCount(max)} characters`;

/** Free text, trimmed, of at most `max` characters (Discord's max_length; the router checks it too). */
function text(spec: {
  description: string;
  max: number;
  /** With the sentence shown when the trimmed text is shorter. */
  min?: { length: number; message: string };
  autocomplete?: boolean;
}) {
  const trimmed = z.string().trim();
  const bounded = (spec.min ? trimmed.min(spec.min.length, spec.min.message) : trimmed)
    .max(spec.max, atMost(spec.max))
    .refine((value) => !isBlank(value), 'it is blank: type some text');
  return bounded.register(declarations, {
    type: OptionType.String,
    description: spec.description,
    ...(spec.autocomplete ? { autocomplete: true } : {}),
  });
}

/** One of a few words, offered as Discord choices. */
function choice<const T extends string>(values: readonly [T, ...T[]], description: string) {
  const expected =
    values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`;
  return z
    .enum(values, { error: expected })
    .register(declarations, { type: OptionType.String, description });
}

/** A whole number; `error` is the one sentence for every way a value can be wrong. */
function integer(spec: { description: string; min?: number; max?: number; error: string }) {
  return bounded(z.number({ error: spec.error }).int(spec.error), spec).register(declarations, {
    type: OptionType.Integer,
    description: spec.description,
  });
}

/** A number with a fraction allowed, in a range. */
function decimal(spec: { description: string; min?: number; max?: number; error: string }) {
  return bounded(z.number({ error: spec.error }), spec).register(declarations, {
    type: OptionType.Number,
    description: spec.description,
  });
}

function bounded(schema: z.ZodNumber, spec: { min?: number; max?: number; error: string }) {
  const low = spec.min === undefined ? schema : schema.min(spec.min, spec.error);
  return spec.max === undefined ? low : low.max(spec.max, spec.error);
}

/** The number of a stored row (a learning, a challenge, a prompt). */
function rowNumber(noun: string) {
  return integer({
    description: `${noun.charAt(0).toUpperCase()}${noun.slice(1)} number`,
    min: 1,
    error: `a ${noun} number such as 12`,
  });
}

function toggle(description: string) {
  return z
    .boolean({ error: 'true or false' })
    .register(declarations, { type: OptionType.Boolean, description });
}

/** A member of the server: its user id. */
function member(description: string) {
  return z
    .string()
    .regex(/^\d{17,20}$/, 'a member')
    .register(declarations, { type: OptionType.User, description });
}

/** A text channel of the server: its id. */
function textChannel(description: string) {
  return z
    .string()
    .regex(/^\d{17,20}$/, 'a text channel')
    .register(declarations, {
      type: OptionType.Channel,
      description,
      channelTypes: [ChannelType.GuildText],
    });
}

/** An uploaded file, as the adapter reads it. */
function file(description: string) {
  return z
    .object({ name: z.string(), url: z.string(), size: z.number() }, { error: 'a file' })
    .register(declarations, { type: OptionType.Attachment, description });
}

export const option = {
  text,
  choice,
  integer,
  decimal,
  rowNumber,
  toggle,
  member,
  textChannel,
  file,
};

/** The schema under `.optional()`, `.default()` and transforms: the one `option.*` declared. */
export function innermost(schema: z.core.$ZodType): z.core.$ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault)
    return innermost(schema.unwrap());
  if (schema instanceof z.ZodPipe) return innermost(schema.in);
  return schema;
}

/** Discord refuses to leave out what the schema refuses to miss. */
export const isRequired = (schema: z.ZodType) => !schema.safeParse(undefined).success;

/** An option as Discord registers it, read from its schema. */
export function optionJson(
  name: string,
  schema: z.ZodType,
  where: string,
): APIApplicationCommandBasicOption {
  const base = innermost(schema);
  const declared = declarations.get(base);
  if (!declared)
    throw new Error(
      `${where}: option \`${name}\` has no Discord declaration (build it with option.*)`,
    );
  const common = { name, description: declared.description, required: isRequired(schema) };
  switch (declared.type) {
    case OptionType.String:
      if (base instanceof z.ZodEnum) {
        const choices = base.options.map(String).map((value) => ({ name: value, value }));
        return { ...common, type: declared.type, choices };
      }
      if (!(base instanceof z.ZodString) || base.maxLength === null)
        throw new Error(`${where}: text option \`${name}\` needs a maximum length`);
      return {
        ...common,
        type: declared.type,
        ...(base.minLength === null ? {} : { min_length: base.minLength }),
        max_length: base.maxLength,
        ...(declared.autocomplete ? { autocomplete: true } : {}),
      };
    case OptionType.Integer:
      return { ...common, type: declared.type, ...range(base) };
    case OptionType.Number:
      return { ...common, type: declared.type, ...range(base) };
    case OptionType.Channel:
      return { ...common, type: declared.type, channel_types: declared.channelTypes ?? [] };
    default:
      return { ...common, type: declared.type };
  }
}

/** A number's bounds as declared; an integer's safe range is zod's own, and Discord's too. */
function range(base: z.core.$ZodType) {
  const declared = (bound: number | null | undefined) =>
    bound === null || bound === undefined || Math.abs(bound) === Number.MAX_SAFE_INTEGER
      ? undefined
      : bound;
  const min = declared(base instanceof z.ZodNumber ? base.minValue : null);
  const max = declared(base instanceof z.ZodNumber ? base.maxValue : null);
  return {
    ...(min === undefined ? {} : { min_value: min }),
    ...(max === undefined ? {} : { max_value: max }),
  };
}

const typeNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** Turns a zod failure into one sentence that names the option at fault. */
export function describeInvalid(error: z.ZodError, input: Record<string, unknown>): string {
  const issue = error.issues[0];
  const name = String(issue?.path[0] ?? '');
  if (name === '') return `That option isn't valid: ${issue?.message ?? 'unknown problem'}.`;
  if (input[name] === undefined) return `The option \`${name}\` is missing.`;
  // zod's own wording ("Invalid input: expected string, received number") reads as jargon.
  const generic = issue?.code === 'invalid_type' && issue.message.startsWith('Invalid input');
  const expected = generic ? typeNames[issue.expected] : undefined;
  return `The option \`${name}\` isn't valid: ${expected ? `expected ${expected}` : issue?.message}.`;
}
