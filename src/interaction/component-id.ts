import { limits } from './limits.js';

/**
 * Typed customIds. A button or form's id is `<command>:<action>:<arg>:…`; one `ComponentId` per
 * component writes it where the button is built and reads it back where it is answered, so both
 * sides agree on the arguments and their types, and every id's longest form is known to fit
 * Discord's 100 characters before the first one is built.
 */

/** One argument of an id: how it is written, how it is read back, how long it can get. */
export interface IdPart<T> {
  maxLength: number;
  write(value: T): string;
  /** The value, or undefined when the text is not one this part writes. */
  read(text: string): { value: T } | undefined;
  /** Takes the rest of the id, colons included: only the last part may. */
  rest?: true;
  /** May be left out at the end of an id. */
  optional?: true;
}

const separator = ':';

/** A part's text for `value`, refused unless it reads back: too long, negative, a stray colon. */
function written<T>(part: IdPart<T>, value: T): string {
  const text = part.write(value);
  if (!part.read(text))
    throw new RangeError(`"${text.slice(0, 40)}" does not fit its customId part`);
  return text;
}

/** A whole number from 0, of at most `digits` digits: pages, positions, row ids. */
export function whole(digits: number): IdPart<number> {
  const pattern = new RegExp(`^\\d{1,${digits}}$`);
  return {
    maxLength: digits,
    write: String,
    read: (text) => (pattern.test(text) ? { value: Number(text) } : undefined),
  };
}

/** A row id (learning, challenge, request, pair, topic). */
export const rowId = whole(12);
/** A position in a list or a page number. */
export const position = whole(7);

/** A Discord user id. */
export const snowflake: IdPart<string> = {
  maxLength: 20,
  write: (id) => id,
  read: (text) => (/^\d{17,20}$/.test(text) ? { value: text } : undefined),
};

/** One of a few fixed words. */
export function oneOf<const T extends string>(values: readonly T[]): IdPart<T> {
  return {
    maxLength: Math.max(...values.map((value) => value.length)),
    write: (value) => value,
    read: (text) => {
      const value = values.find((known) => known === text);
      return value === undefined ? undefined : { value };
    },
  };
}

/** True or false, written `1` or `0`. */
export const flag: IdPart<boolean> = {
  maxLength: 1,
  write: (value) => (value ? '1' : '0'),
  read: (text) => (text === '1' || text === '0' ? { value: text === '1' } : undefined),
};

/** A word of our own making (a slug, a week key): never a colon, at most `max` characters. */
export const word = (max: number): IdPart<string> => ({
  maxLength: max,
  write: (value) => value,
  read: (text) => (text.length <= max && !text.includes(separator) ? { value: text } : undefined),
});

/** Free text, colons included, at most `max` characters; it can only be an id's last part. */
export const rest = (max: number): IdPart<string> => ({
  maxLength: max,
  rest: true,
  write: (value) => value,
  read: (text) => (text.length <= max ? { value: text } : undefined),
});

/** A part that may be absent; an absent part and all after it are left out of the id. */
export function optional<T>(part: IdPart<T>): IdPart<T | undefined> & { optional: true } {
  return {
    maxLength: part.maxLength,
    optional: true,
    write: (value) => (value === undefined ? '' : part.write(value)),
    read: part.read,
  };
}

/** An empty text and nothing read the same: `undefined`. */
export function orEmpty<T>(part: IdPart<T>): IdPart<T | undefined> {
  return {
    maxLength: part.maxLength,
    write: (value) => (value === undefined ? '' : part.write(value)),
    read: (text) => (text === '' ? { value: undefined } : part.read(text)),
  };
}

type Parts = Record<string, IdPart<unknown>>;
type ValueOf<P> = P extends IdPart<infer T> ? T : never;
type Optional<P extends Parts> = {
  [K in keyof P]: P[K] extends { optional: true } ? K : never;
}[keyof P];

/** The arguments an id carries, by name; parts that may be absent are optional properties. */
export type IdArgs<P extends Parts> = {
  [K in Exclude<keyof P, Optional<P>>]: ValueOf<P[K]>;
} & { [K in Optional<P>]?: ValueOf<P[K]> };

export interface ComponentId<A> {
  /** `command:action`: how the router finds the component and how reports name it. */
  readonly label: string;
  /** The longest id this can write. */
  readonly maxLength: number;
  encode(args: A): string;
  decode(customId: string): A | undefined;
}

/** The `command:action` an id starts with. */
export function labelOf(customId: string): string {
  return customId.split(separator, 2).join(separator);
}

/**
 * The id of one button or form: `componentId('learning', 'page', { topicId: rowId, start:
 * position })` writes `learning:page:12:6` and reads it back as `{ topicId: 12, start: 6 }`.
 */
export function componentId<const P extends Parts>(
  command: string,
  action: string,
  parts: P,
): ComponentId<IdArgs<P>> {
  const label = `${command}${separator}${action}`;
  const entries = Object.entries(parts);
  const maxLength = entries.reduce((sum, [, part]) => sum + 1 + part.maxLength, label.length);
  if (maxLength > limits.customId)
    throw new RangeError(`${label} ids can reach ${maxLength} characters, over ${limits.customId}`);
  if (entries.slice(0, -1).some(([, part]) => part.rest))
    throw new Error(`${label}: only the last part of an id may take the rest of it`);

  return {
    label,
    maxLength,
    encode(args) {
      const values: Record<string, unknown> = args;
      const texts = [label];
      for (const [name, part] of entries) {
        if (part.optional && values[name] === undefined) break;
        texts.push(written(part, values[name]));
      }
      return texts.join(separator);
    },
    decode(customId) {
      if (customId !== label && !customId.startsWith(`${label}${separator}`)) return undefined;
      const texts = customId === label ? [] : customId.slice(label.length + 1).split(separator);
      const args: Record<string, unknown> = {};
      for (const [index, [name, part]] of entries.entries()) {
        const text = part.rest ? texts.splice(index).join(separator) : texts[index];
        if (text === undefined) {
          if (part.optional) break;
          return undefined;
        }
        const read = part.read(text);
        if (!read) return undefined;
        args[name] = read.value;
      }
      if (texts.length > entries.length) return undefined;
      // Every part read its own argument above, so the record has the declared shape.
      return args as IdArgs<P>;
    },
  };
}
