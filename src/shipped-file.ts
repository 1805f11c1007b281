import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { z } from 'zod';
import type { Db, ShippedFolderTable } from './db/schema.js';

export class ShippedDataError extends Error {}

export interface MarkdownFile<T> {
  file: string;
  front: T;
  content: string;
  hash: string;
}

export interface FolderFile {
  file: string;
  text: string;
}

/**
 * gray-matter, with js-yaml and esprima behind it, is loaded on the first file parsed: a start with
 * no shipped file changed parses none, and so never holds them.
 */
const require = createRequire(import.meta.url);
const frontMatter = () => require('gray-matter') as typeof import('gray-matter');

/** Parses front matter with its schema; the error names the file and the field at fault. */
export function parseMarkdown<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): MarkdownFile<z.output<S>> {
  const parsed = frontMatter()(text);
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
export async function readMarkdownFolder(dir: string): Promise<FolderFile[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort();
  return Promise.all(
    files.map(async (file) => ({ file, text: await readFile(join(dir, file), 'utf8') })),
  );
}

type ShippedFolder = ShippedFolderTable['folder'];

/** The fingerprint a folder was last loaded with, if it ever was. */
export async function loadedFingerprint(db: Db, folder: ShippedFolder) {
  const row = await db
    .selectFrom('shipped_folders')
    .select('fingerprint')
    .where('folder', '=', folder)
    .executeTakeFirst();
  return row?.fingerprint;
}

export interface ChangedFolder {
  files: FolderFile[];
  /** Records the folder as loaded, in the transaction that loads it. */
  remember(trx: Db): Promise<void>;
}

/**
 * A shipped folder's files, or nothing when they, and the fingerprints they depend on, are exactly
 * what was last loaded: shipped entries change only through `data/`, so their rows are then
 * already in line, and a start reads no front matter and compares no rows.
 */
export async function readChangedFolder(
  db: Db,
  folder: ShippedFolder,
  dir: string,
  dependsOn: readonly string[] = [],
): Promise<ChangedFolder | undefined> {
  const files = await readMarkdownFolder(dir);
  const hash = createHash('sha256');
  for (const { file, text } of files) hash.update(`${file}\0${text}\0`);
  for (const fingerprint of dependsOn) hash.update(`${fingerprint}\0`);
  const fingerprint = hash.digest('hex');
  if ((await loadedFingerprint(db, folder)) === fingerprint) return undefined;
  return {
    files,
    async remember(trx) {
      await trx
        .insertInto('shipped_folders')
        .values({ folder, fingerprint })
        .onConflict((conflict) => conflict.column('folder').doUpdateSet({ fingerprint }))
        .execute();
    },
  };
}
