import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers/promises';
import {
  editChallenge,
  insertChallenge,
  insertSolution,
  listAllChallenges,
  removeSolutions,
  saveTopics,
} from '../challenges/challenges.js';
import type { Db, Origin, Topic } from '../db/schema.js';
import { editLearning, insertLearning, topicTexts } from '../learnings/learnings.js';
import { listTopics } from '../learnings/topics.js';
import { truncate } from '../text.js';
import type { ParsedDocument, RepairReport } from './parse.js';
import { parseOffThread } from './parse-thread.js';

/** Imported best practices are learnings of this shipped topic. */
export const bestPracticesTopic = 'best-practices';
/** Written by the exporter: such a document files each learning under its section's topic only. */
export const exportMarker = '<!-- nexus:export -->';
export const maxImportBytes = 256 * 1024;

export interface ImportOptions {
  guildId: string;
  author: { id: string | null; name: string };
  fileName: string;
  dryRun?: boolean;
  now: Date;
  /** How long reading the document may take before it is refused (default 10 s). */
  parseBudgetMs?: number;
}

export interface ImportReport {
  fileName: string;
  created: number;
  updated: number;
  skipped: number;
  repaired: boolean;
  repair: RepairReport;
  /** Topic name to the learnings created or updated under it. */
  topics: Record<string, string[]>;
  challenges: { title: string; challenge: string; solution: string | null; lines: number[] }[];
  bestPractices: string[];
  notImported: { line: number; text: string; reason: string }[];
}

/** "Title — text" (as the exporter writes) keeps its title; otherwise the first sentence is one. */
export function titleAndBody(text: string): { title: string; body: string } {
  const flat = text.replace(/\s+/g, ' ').trim();
  const dashed = /^(.{3,100}?) — (.+)$/su.exec(text.trim());
  if (dashed?.[1] && dashed[2]) return { title: dashed[1].trim(), body: dashed[2].trim() };
  const sentence = /^(.{8,100}?)[.!?:](\s|$)/u.exec(flat)?.[1];
  return { title: truncate(sentence ?? flat, 100), body: text.trim() };
}

class DryRun extends Error {}

const provenance = (options: ImportOptions) => ({
  guildId: options.guildId,
  origin: 'imported' as const,
  author: options.author,
  now: options.now,
});

/** Text as the parser leaves it: Markdown emphasis and code marks gone, spaces collapsed. */
const comparable = (text: string) =>
  text
    .replace(/[`*_~]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/** Rows an earlier import into the server stored, by source: importing a file again updates them. */
function importedBySource(
  rows: { id: number; origin: Origin; guild_id: string | null; source: string | null }[],
  guildId: string,
): Map<string, number> {
  const found = new Map<string, number>();
  for (const row of rows) {
    const ours = row.origin === 'imported' && row.guild_id === guildId;
    if (ours && row.source !== null && !found.has(row.source)) found.set(row.source, row.id);
  }
  return found;
}

/** What a server already has under one topic, as an import meets it. */
interface TopicContents {
  /** Texts in comparable form: a document's repeat is skipped. */
  texts: Set<string>;
  /** Learnings imported before, by source ("file:line"): importing a file again updates them. */
  imported: Map<string, number>;
}

/** Each topic's contents, read once per import, the first time an entry goes there. */
function topicContents(db: Db, guildId: string) {
  const cache = new Map<number, Promise<TopicContents>>();
  return (topicId: number) => {
    let contents = cache.get(topicId);
    if (!contents) {
      contents = topicTexts(db, guildId, topicId).then((rows) => ({
        texts: new Set(rows.map((row) => comparable(row.body))),
        imported: importedBySource(rows, guildId),
      }));
      cache.set(topicId, contents);
    }
    return contents;
  };
}

/** How long writing may hold the event loop before the transaction lets other work in. */
const writeSliceMs = 10;

/**
 * A turn of the event loop whenever `writeSliceMs` of writing have passed since the last: a large
 * document's transaction stays one (other queries wait for it) without holding the loop.
 */
function pacer(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < writeSliceMs) return;
    await setImmediate();
    since = performance.now();
  };
}

/**
 * Reads a nexus document in a worker thread (parse-thread.ts) and stores it as imported entries of
 * one server, in one transaction: all of it or, on any error, none. Entries remember their source
 * (file and line); importing the same document again finds them and changes nothing, and text the
 * server already has is skipped.
 */
export async function importDocument(
  db: Db,
  input: string | Uint8Array,
  options: ImportOptions,
): Promise<ImportReport> {
  const topics = await listTopics(db);
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input.subarray(0, 200));
  const parsed = await parseOffThread(
    {
      input,
      // Best practices have a section of their own; as a topic it would swallow them.
      topics: topics
        .filter((t) => t.slug !== bestPracticesTopic)
        .map((t) => ({ slug: t.slug, name: t.name, aliases: t.aliases })),
      options: { maxBytes: maxImportBytes, sectionTopicsOnly: text.includes(exportMarker) },
    },
    options.parseBudgetMs,
  );
  // Taking the answer in (about 10 ms for 10,000 learnings) was a turn's work already.
  await setImmediate();
  const pace = pacer();
  const report: ImportReport = {
    fileName: options.fileName,
    created: 0,
    updated: 0,
    skipped: 0,
    repaired: parsed.repair.repaired > 0 || parsed.repair.removed.length > 0,
    repair: parsed.repair,
    topics: {},
    challenges: parsed.challenges.map(({ title, challenge, solution, lines }) => ({
      title,
      challenge,
      solution,
      lines,
    })),
    bestPractices: parsed.bestPractices.map((p) => p.text),
    notImported: parsed.notImported,
  };
  try {
    await db.transaction().execute(async (trx) => {
      await storeLearnings(trx, parsed, topics, options, report, pace);
      await storeChallenges(trx, parsed, topics, options, report, pace);
      if (options.dryRun) throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return report;
}

type Counted = 'created' | 'updated' | 'skipped';

async function storeLearnings(
  db: Db,
  parsed: ParsedDocument,
  topics: Topic[],
  options: ImportOptions,
  report: ImportReport,
  pace: () => Promise<void>,
) {
  const bySlug = new Map(topics.map((t) => [t.slug, t]));
  const entries = [
    ...parsed.learnings.map((l) => ({ topic: l.topic, text: l.text, line: l.line })),
    ...parsed.bestPractices.map((p) => ({ topic: bestPracticesTopic, text: p.text, line: p.line })),
  ];
  const contentsOf = topicContents(db, options.guildId);
  for (const entry of entries) {
    const topic = bySlug.get(entry.topic);
    if (!topic) continue;
    const { title, body } = titleAndBody(entry.text);
    const source = `${options.fileName}:${entry.line}`;
    const { texts, imported } = await contentsOf(topic.id);
    const same = texts.has(comparable(body));
    texts.add(comparable(body));
    let outcome: Counted;
    if (same) outcome = 'skipped';
    else {
      const earlier = imported.get(source);
      if (earlier !== undefined) await editLearning(db, earlier, { title, body, now: options.now });
      else {
        const learning = await insertLearning(db, {
          ...provenance(options),
          topicId: topic.id,
          source,
          title,
          body,
        });
        imported.set(source, learning.id);
      }
      outcome = earlier !== undefined ? 'updated' : 'created';
      const titles = report.topics[topic.name] ?? [];
      titles.push(title);
      report.topics[topic.name] = titles;
    }
    report[outcome] += 1;
    await pace();
  }
}

async function storeChallenges(
  db: Db,
  parsed: ParsedDocument,
  topics: Topic[],
  options: ImportOptions,
  report: ImportReport,
  pace: () => Promise<void>,
) {
  const bySlug = new Map(topics.map((t) => [t.slug, t]));
  const visible = await listAllChallenges(db, options.guildId);
  const existing = new Set(visible.map((c) => comparable(`${c.title}\n${c.body}`)));
  const imported = importedBySource(visible, options.guildId);
  for (const challenge of parsed.challenges) {
    const source = `${options.fileName}:${challenge.lines[0] ?? 0}`;
    const title = truncate(challenge.title.replace(/\s+/g, ' ').trim(), 100);
    const same = existing.has(comparable(`${title}\n${challenge.challenge}`));
    existing.add(comparable(`${title}\n${challenge.challenge}`));
    if (same) {
      report.skipped += 1;
      continue;
    }
    const tags = { topics: challenge.topics.flatMap((slug) => bySlug.get(slug) ?? []), free: [] };
    let id = imported.get(source);
    if (id !== undefined) {
      await editChallenge(db, id, { title, body: challenge.challenge, tags, now: options.now });
      await removeSolutions(db, id, 'imported');
      report.updated += 1;
    } else {
      id = (
        await insertChallenge(db, {
          ...provenance(options),
          source,
          title,
          body: challenge.challenge,
          freeTags: [],
        })
      ).id;
      imported.set(source, id);
      await saveTopics(db, id, tags.topics);
      report.created += 1;
    }
    if (challenge.solution)
      await insertSolution(db, {
        ...provenance(options),
        challengeId: id,
        body: challenge.solution,
      });
    await pace();
  }
}
