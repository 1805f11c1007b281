import {
  editChallenge,
  findChallengeBySource,
  insertChallenge,
  insertSolution,
  listAllChallenges,
  removeSolutions,
  saveTopics,
} from '../challenges/challenges.js';
import type { Db, Topic } from '../db/schema.js';
import { editLearning, findBySource, insertLearning, topicBodies } from '../learnings/learnings.js';
import { listTopics } from '../learnings/topics.js';
import { truncate } from '../text.js';
import { type ParsedDocument, parseNexusDocument, type RepairReport } from './parse.js';

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

/** What a server already has, per topic, in comparable form: a document's repeat is skipped. */
function knownTexts(db: Db, guildId: string) {
  const cache = new Map<number, Promise<Set<string>>>();
  return (topicId: number) => {
    let texts = cache.get(topicId);
    if (!texts) {
      texts = topicBodies(db, guildId, topicId).then((bodies) => new Set(bodies.map(comparable)));
      cache.set(topicId, texts);
    }
    return texts;
  };
}

/**
 * Stores a parsed nexus document as imported entries of one server, in one transaction: all of
 * it or, on any error, none. Entries remember their source (file and line); importing the same
 * document again finds them and changes nothing, and text the server already has is skipped.
 */
export async function importDocument(
  db: Db,
  input: string | Uint8Array,
  options: ImportOptions,
): Promise<ImportReport> {
  const topics = await listTopics(db);
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input.subarray(0, 200));
  const parsed = parseNexusDocument(
    input,
    // Best practices have a section of their own; as a topic it would swallow them.
    topics
      .filter((t) => t.slug !== bestPracticesTopic)
      .map((t) => ({ slug: t.slug, name: t.name, aliases: t.aliases })),
    { maxBytes: maxImportBytes, sectionTopicsOnly: text.includes(exportMarker) },
  );
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
      await storeLearnings(trx, parsed, topics, options, report);
      await storeChallenges(trx, parsed, topics, options, report);
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
) {
  const bySlug = new Map(topics.map((t) => [t.slug, t]));
  const entries = [
    ...parsed.learnings.map((l) => ({ topic: l.topic, text: l.text, line: l.line })),
    ...parsed.bestPractices.map((p) => ({ topic: bestPracticesTopic, text: p.text, line: p.line })),
  ];
  const known = knownTexts(db, options.guildId);
  for (const entry of entries) {
    const topic = bySlug.get(entry.topic);
    if (!topic) continue;
    const { title, body } = titleAndBody(entry.text);
    const source = `${options.fileName}:${entry.line}`;
    const texts = await known(topic.id);
    const same = texts.has(comparable(body));
    texts.add(comparable(body));
    let outcome: Counted;
    if (same) outcome = 'skipped';
    else {
      const earlier = await findBySource(db, {
        guildId: options.guildId,
        origin: 'imported',
        topicId: topic.id,
        source,
      });
      if (earlier) await editLearning(db, earlier.id, { title, body, now: options.now });
      else
        await insertLearning(db, {
          ...provenance(options),
          topicId: topic.id,
          source,
          title,
          body,
        });
      outcome = earlier ? 'updated' : 'created';
      report.topics[topic.name] = [...(report.topics[topic.name] ?? []), title];
    }
    report[outcome] += 1;
  }
}

async function storeChallenges(
  db: Db,
  parsed: ParsedDocument,
  topics: Topic[],
  options: ImportOptions,
  report: ImportReport,
) {
  const bySlug = new Map(topics.map((t) => [t.slug, t]));
  const existing = new Set(
    (await listAllChallenges(db, options.guildId)).map((c) => comparable(`${c.title}\n${c.body}`)),
  );
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
    const earlier = await findChallengeBySource(db, {
      guildId: options.guildId,
      origin: 'imported',
      source,
    });
    let id: number;
    if (earlier) {
      id = earlier.id;
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
      await saveTopics(db, id, tags.topics);
      report.created += 1;
    }
    if (challenge.solution)
      await insertSolution(db, {
        ...provenance(options),
        challengeId: id,
        body: challenge.solution,
      });
  }
}
