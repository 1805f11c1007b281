import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';

export class ShippedDataError extends Error {}

export interface MarkdownFile<T> {
  file: string;
  front: T;
  content: string;
  hash: string;
}

/** Parses front matter with its schema; the error names the file and the field at fault. */
export function parseMarkdown<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): MarkdownFile<z.output<S>> {
  const parsed = matter(text);
  const front = schema.safeParse(parsed.data);
  if (!front.success)
    throw new ShippedDataError(`${file}: front matter ${z.prettifyError(front.error)}`);
  return {
    file,
    front: front.data,
    content: parsed.content,
    hash: createHash('sha256').update(text).digest('hex'),
  };
}

/** The `.md` files of a data folder, sorted, with their text. */
export async function readMarkdownFolder(dir: string): Promise<{ file: string; text: string }[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort();
  return Promise.all(
    files.map(async (file) => ({ file, text: await readFile(join(dir, file), 'utf8') })),
  );
}
