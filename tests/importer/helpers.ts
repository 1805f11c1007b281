import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import type { ParsedDocument, TopicRef } from '../../src/importer/parse.js';
import { bestPracticesTopic } from '../../src/importer/store.js';

const root = join(import.meta.dirname, '..', '..');

/**
 * The shipped topics as the importer gives them to the parser: read from `data/learnings/*.md`
 * front matter (slug = file name), without the best-practices topic, which has its own section.
 */
export function loadTopics(): TopicRef[] {
  const dir = join(root, 'data', 'learnings');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== `${bestPracticesTopic}.md`)
    .sort()
    .map((file) => {
      const { data } = matter(readFileSync(join(dir, file), 'utf8'));
      return {
        slug: file.replace(/\.md$/, ''),
        name: String(data.title),
        aliases: Array.isArray(data.aliases) ? data.aliases.map(String) : [],
      };
    });
}

/** The learners' documents, in `shared/` beside the repository (set by vitest.config.ts). */
export const SEEDS_DIR = process.env.NEXUS_SEEDS_DIR ?? '';
/** False in a clone without them: the tests that read them are skipped. */
export const withSeeds = process.env.NEXUS_WITH_SEEDS === 'yes';

export function readSeed(prefix: string): string {
  const file = readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`no seed ${prefix}`);
  return readFileSync(join(SEEDS_DIR, file), 'utf8');
}

/** Line numbers claimed by each part of a parse, for the partition checks. */
export function claimed(doc: ParsedDocument) {
  return {
    learnings: new Set(doc.learnings.flatMap((l) => l.lines)),
    challenges: new Set(doc.challenges.flatMap((c) => c.lines)),
    practices: new Set(doc.bestPractices.flatMap((p) => p.lines)),
    structure: new Set(doc.structure.map((s) => s.line)),
    notImported: doc.notImported.map((n) => n.line),
  };
}

/**
 * Every non-empty line of `text` is in exactly one of: a learning, a challenge, a best practice,
 * the structure that framed them, or the not-imported list (which holds each line once).
 * Returns a list of problems, empty when the partition holds.
 */
export function partitionProblems(text: string, doc: ParsedDocument): string[] {
  const parts = claimed(doc);
  const problems: string[] = [];
  if (new Set(parts.notImported).size !== parts.notImported.length)
    problems.push('a line is listed twice as not imported');
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const n = i + 1;
    const owners = [
      parts.learnings.has(n) && 'learning',
      parts.challenges.has(n) && 'challenge',
      parts.practices.has(n) && 'best practice',
      parts.structure.has(n) && 'structure',
      parts.notImported.includes(n) && 'not imported',
    ].filter(Boolean);
    if (raw.trim() === '') {
      if (owners.length > 0) problems.push(`blank line ${n} is claimed by ${owners.join(', ')}`);
    } else if (owners.length !== 1) {
      problems.push(
        `line ${n} ${JSON.stringify(raw.trim())} is in ${owners.length === 0 ? 'nothing' : owners.join(' and ')}`,
      );
    }
  });
  return problems;
}
