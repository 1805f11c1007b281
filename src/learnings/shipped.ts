import { z } from 'zod';
import type { Db } from '../db/schema.js';
import {
  type FolderFile,
  parseMarkdown,
  readChangedFolder,
  readMarkdownFolder,
  ShippedDataError,
} from '../shipped-file.js';
import { slugify } from '../text.js';
import { forgetTopics } from './topics.js';

export { ShippedDataError };

const frontMatterSchema = z.object({
  title: z.string().trim().min(1).max(100),
  aliases: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and hyphens'))
    .default([]),
  tags: z.array(z.string().trim().min(1)).default([]),
});

const learningSchema = z.object({
  title: z.string().min(1).max(100),
  body: z.string().min(1).max(1500),
});

export interface TopicFile {
  slug: string;
  file: string;
  title: string;
  aliases: string[];
  tags: string[];
  hash: string;
  learnings: { key: string; title: string; body: string }[];
}

/** Parses one `data/learnings/<slug>.md`: front matter, then one learning per `## ` heading. */
export function parseTopicFile(file: string, text: string): TopicFile {
  const fail = (why: string) => new ShippedDataError(`${file}: ${why}`);
  const parsed = parseMarkdown(file, text, frontMatterSchema);
  const sections = parsed.content.split(/^## /m);
  if ((sections.shift() ?? '').trim() !== '') throw fail('text before the first "## " heading');
  const learnings = sections.map((section) => {
    const newline = section.indexOf('\n');
    const title = (newline === -1 ? section : section.slice(0, newline)).trim();
    const body = newline === -1 ? '' : section.slice(newline + 1).trim();
    const learning = learningSchema.safeParse({ title, body });
    if (!learning.success) throw fail(`learning "${title}": ${z.prettifyError(learning.error)}`);
    return { key: `${file}#${slugify(title)}`, title, body };
  });
  if (learnings.length === 0) throw fail('no "## " learnings');
  const keys = new Set(learnings.map((l) => l.key));
  if (keys.size !== learnings.length) throw fail('two learnings share a heading');
  return {
    slug: file.replace(/\.md$/, ''),
    file,
    title: parsed.front.title,
    aliases: parsed.front.aliases,
    tags: parsed.front.tags,
    hash: parsed.hash,
    learnings,
  };
}

export async function readTopicFiles(dir: string): Promise<TopicFile[]> {
  return parseTopicFiles(await readMarkdownFolder(dir));
}

function parseTopicFiles(files: FolderFile[]): TopicFile[] {
  const topics = files.map(({ file, text }) => parseTopicFile(file, text));
  assertUniqueNames(topics);
  return topics;
}

/** A name a user types must lead to one topic: aliases may not repeat or shadow a topic. */
function assertUniqueNames(topics: TopicFile[]): void {
  const owner = new Map<string, string>();
  const claim = (name: string, file: string) => {
    const previous = owner.get(name);
    if (previous && previous !== file)
      throw new ShippedDataError(`"${name}" names both ${previous} and ${file}`);
    owner.set(name, file);
  };
  for (const topic of topics) {
    claim(topic.slug, topic.file);
    claim(slugify(topic.title), topic.file);
  }
  for (const topic of topics) {
    for (const alias of topic.aliases) {
      if (alias === topic.slug || alias === slugify(topic.title)) {
        throw new ShippedDataError(`${topic.file}: alias "${alias}" repeats the topic's own name`);
      }
      claim(alias, topic.file);
    }
  }
}

export interface LoadReport {
  topicsCreated: number;
  topicsUpdated: number;
  learningsCreated: number;
  learningsUpdated: number;
  learningsRemoved: number;
}

/**
 * Brings the shipped topics and learnings in line with `data/learnings/`. An unchanged folder is
 * skipped whole, and unchanged files by hash, so a second start writes nothing; rows of other
 * origins are never touched.
 */
export async function loadShippedLearnings(db: Db, dir: string, now: Date): Promise<LoadReport> {
  const report: LoadReport = {
    topicsCreated: 0,
    topicsUpdated: 0,
    learningsCreated: 0,
    learningsUpdated: 0,
    learningsRemoved: 0,
  };
  const folder = await readChangedFolder(db, 'learnings', dir);
  if (!folder) return report;
  const files = parseTopicFiles(folder.files);
  const stamp = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await folder.remember(trx);
    const existing = new Map(
      (await trx.selectFrom('topics').select(['id', 'slug', 'source_hash']).execute()).map((t) => [
        t.slug,
        t,
      ]),
    );
    const changed = files.filter((file) => existing.get(file.slug)?.source_hash !== file.hash);
    // Aliases may move between files in one edit: clear every changed topic's before adding any.
    for (const file of changed) {
      const id = existing.get(file.slug)?.id;
      if (id !== undefined)
        await trx.deleteFrom('topic_aliases').where('topic_id', '=', id).execute();
    }
    for (const file of changed) {
      const values = {
        slug: file.slug,
        name: file.title,
        tags: JSON.stringify(file.tags),
        source_hash: file.hash,
      };
      const known = existing.get(file.slug);
      const topicId = known
        ? (
            await trx
              .updateTable('topics')
              .set(values)
              .where('id', '=', known.id)
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id
        : (await trx.insertInto('topics').values(values).returning('id').executeTakeFirstOrThrow())
            .id;
      report[known ? 'topicsUpdated' : 'topicsCreated'] += 1;
      if (file.aliases.length > 0) {
        await trx
          .insertInto('topic_aliases')
          .values(file.aliases.map((alias) => ({ alias, topic_id: topicId })))
          .execute();
      }
      const current = await trx
        .selectFrom('learnings')
        .select(['id', 'source', 'title', 'body', 'position', 'topic_id'])
        .where('origin', '=', 'shipped')
        .where('source', 'like', `${file.file}#%`)
        .execute();
      const bySource = new Map(current.map((row) => [row.source, row]));
      for (const [position, learning] of file.learnings.entries()) {
        const row = bySource.get(learning.key);
        bySource.delete(learning.key);
        if (!row) {
          await trx
            .insertInto('learnings')
            .values({
              topic_id: topicId,
              guild_id: null,
              origin: 'shipped',
              author_id: null,
              author_name: 'Nexus',
              source: learning.key,
              title: learning.title,
              body: learning.body,
              position,
              created_at: stamp,
              updated_at: stamp,
            })
            .execute();
          report.learningsCreated += 1;
        } else if (
          row.title !== learning.title ||
          row.body !== learning.body ||
          row.position !== position ||
          row.topic_id !== topicId
        ) {
          await trx
            .updateTable('learnings')
            .set({
              title: learning.title,
              body: learning.body,
              position,
              topic_id: topicId,
              updated_at: stamp,
            })
            .where('id', '=', row.id)
            .execute();
          report.learningsUpdated += 1;
        }
      }
      const gone = [...bySource.values()].map((row) => row.id);
      if (gone.length > 0) {
        await trx.deleteFrom('learnings').where('id', 'in', gone).execute();
        report.learningsRemoved += gone.length;
      }
    }
  });
  forgetTopics(db);
  return report;
}
