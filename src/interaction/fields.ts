import { z } from 'zod';
import { notice, type Outcome } from './message.js';

/** A required modal field: blank or whitespace-only is missing, and the message names the field. */
export const requiredText = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

export const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .optional()
    .transform((value) => (value === '' ? undefined : value));

/** Modal fields answer with one clear sentence naming the field, and nothing is stored. */
export function invalidFields(error: z.ZodError): Outcome {
  return notice(`${error.issues[0]?.message ?? 'A field is not valid'}. Nothing was saved.`);
}

/** An id option: a positive whole number, with an example in the refusal. */
export const idOptions = (noun: string) =>
  z.object({
    id: z
      .number({ error: `a ${noun} number such as 12` })
      .int(`a ${noun} number such as 12`)
      .positive(`a ${noun} number such as 12`),
  });
