import { z } from 'zod';
import { isBlank } from '../text.js';
import { limits } from './limits.js';
import type { Modal, ModalField } from './message.js';
import { innermost, isRequired, type Shape } from './options.js';

/**
 * Forms (modals) declared once, like options: each field is a zod schema, and the modal's text
 * inputs (label, style, required, max_length) are read from the same schemas the answer is
 * checked with.
 */

interface FieldLook {
  label: string;
  style: ModalField['style'];
  placeholder?: string;
}

const looks = z.registry<FieldLook>();

type Look = Partial<FieldLook>;

const lookOf = (name: string, look: Look): FieldLook => ({
  label: look.label ?? name,
  style: look.style ?? 'short',
  ...(look.placeholder === undefined ? {} : { placeholder: look.placeholder }),
});

const tooLong = (name: string, max: number) => `${name} must be at most ${max} characters`;

/** A required field: blank (spaces or invisible characters only) is missing; messages name it. */
export const requiredText = (name: string, max: number, look: Look = {}) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .max(max, tooLong(name, max))
    .refine((text) => !isBlank(text), `${name} is required`)
    .register(looks, lookOf(name, look));

/** An optional field: left empty, or blank, it reads as undefined. */
export const optionalText = (name: string, max: number, look: Look = {}) =>
  z
    .string()
    .trim()
    .max(max, tooLong(name, max))
    .register(looks, lookOf(name, look))
    .optional()
    .transform((value) => (value === undefined || isBlank(value) ? undefined : value));

export interface Form<S extends Shape> {
  schema: z.ZodObject<S>;
  /** The modal, its fields filled with `values` where given. */
  modal(customId: string, title: string, values?: Partial<Record<keyof S, string>>): Modal;
}

/** A form of at most five fields, in the order given. */
export function form<S extends Shape>(fields: S): Form<S> {
  const entries = Object.entries(fields);
  if (entries.length > limits.modalFields)
    throw new RangeError(`A form holds at most ${limits.modalFields} fields`);
  const shown: ModalField[] = entries.map(([id, schema]) => {
    const base = innermost(schema);
    const look = looks.get(base);
    const maxLength = base instanceof z.ZodString ? base.maxLength : null;
    if (!look || maxLength === null || maxLength > limits.textInputValue)
      throw new Error(`Form field \`${id}\` needs requiredText or optionalText`);
    return { id, ...look, required: isRequired(schema), maxLength };
  });
  return {
    schema: z.object(fields),
    modal(customId, title, values = {}) {
      const filled: Partial<Record<string, string>> = values;
      return {
        customId,
        title,
        fields: shown.map((field) => {
          const value = filled[field.id];
          return value === undefined ? field : { ...field, value };
        }),
      };
    },
  };
}

/** Why a form's answer was refused: one sentence naming the field, and that nothing was kept. */
export function describeInvalidFields(error: z.ZodError): string {
  return `${error.issues[0]?.message ?? 'A field is not valid'}. Nothing was saved.`;
}
