/**
 * Parses one nexus document into learnings by topic, challenge/solution pairs and best practices.
 * Pure: text in, structure out, no I/O. The pipeline is decode → repair mojibake → read lines
 * (Markdown via mdast, or plain text) → events with inferred headings → walk sections. Every
 * non-empty source line ends up in an entry, as structure that framed entries, or in
 * `notImported` with its line number: nothing is dropped silently.
 */

import type { ParsedChallenge } from './challenges.js';
import { decodeInput, ImportError } from './decode.js';
import { looksLikeMarkdown, readPlainText } from './lines.js';
import { readMarkdown } from './markdown.js';
import { type RepairReport, repairMojibake } from './repair.js';
import { Walker } from './sections.js';
import { buildEvents } from './structure.js';
import { buildTopicIndex, type TopicRef } from './topic-index.js';
import type { BestPractice, ParsedLearning, SourceLine } from './types.js';

export type { ParsedChallenge } from './challenges.js';
export { ImportError } from './decode.js';
export type { RepairReport } from './repair.js';
export type { TopicRef } from './topic-index.js';
export type { BestPractice, ParsedLearning } from './types.js';

export interface ParsedDocument {
  /** One per bullet/paragraph of knowledge and per topic it is filed under. */
  learnings: ParsedLearning[];
  challenges: ParsedChallenge[];
  bestPractices: BestPractice[];
  /** Headings, lead-in lines and table headers that framed imported entries. */
  structure: { line: number; text: string }[];
  /** Every other non-empty line, with why it was left out. */
  notImported: { line: number; text: string; reason: string }[];
  repair: RepairReport;
  format: 'markdown' | 'plain';
  /** Set when the bytes had to be decoded as something other than UTF-8. */
  note: string | null;
}

export const NO_SECTION =
  'No recognizable section (technologies, challenges, best practices) was found';

/** Markdown when it looks like Markdown; plain text otherwise, or if the parser gives up. */
function readLines(lines: string[]): { markdown: boolean; records: SourceLine[] } {
  if (looksLikeMarkdown(lines)) {
    try {
      return { markdown: true, records: readMarkdown(lines) };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return { markdown: false, records: readPlainText(lines) };
}

export interface ParseOptions {
  maxBytes?: number;
  /** File each learning under its section's topics only, not also under topics it mentions. */
  sectionTopicsOnly?: boolean;
}

export function parseNexusDocument(
  input: string | Uint8Array,
  topics: TopicRef[],
  options: ParseOptions = {},
): ParsedDocument {
  const decoded = decodeInput(input, options.maxBytes);
  // Old Mac line endings count as line breaks too, so numbers match what an editor shows.
  const normalized = decoded.text.replace(/\r\n?/g, '\n');
  const { text, report } = repairMojibake(normalized);
  const lines = text.split('\n');
  const index = buildTopicIndex(topics);
  const { markdown, records } = readLines(lines);
  const events = buildEvents(records, index, !markdown);

  const walker = new Walker(index, options.sectionTopicsOnly ?? false);
  for (const e of events) {
    if (e.type === 'heading') walker.heading(e);
    else if (e.type === 'unit') walker.unit(e);
    else if (e.type === 'table') walker.table(e);
    else walker.skip(e.line, e.reason);
  }
  const challenges = walker.finish();
  if (!walker.recognized) throw new ImportError(NO_SECTION);

  const used = new Set<number>();
  for (const l of walker.learnings) for (const n of l.lines) used.add(n);
  for (const p of walker.practices) for (const n of p.lines) used.add(n);
  for (const c of challenges) for (const n of c.lines) used.add(n);
  const structure: ParsedDocument['structure'] = [];
  for (const frame of walker.frames) {
    if (!frame.owner.produced) continue;
    for (const n of frame.lines) {
      if (used.has(n)) continue;
      used.add(n);
      structure.push({ line: n, text: (lines[n - 1] ?? '').trim() });
    }
  }
  const notImported: ParsedDocument['notImported'] = [];
  const original = normalized.split('\n');
  original.forEach((before, i) => {
    const n = i + 1;
    if (before.trim() === '' || used.has(n)) return;
    const after = (lines[i] ?? '').trim();
    // A line that held nothing but a broken sequence is empty once repaired; it is still listed.
    if (after === '')
      notImported.push({ line: n, text: before.trim(), reason: 'broken characters, removed' });
    else
      notImported.push({ line: n, text: after, reason: walker.reasons.get(n) ?? 'not imported' });
  });
  return {
    learnings: walker.learnings,
    challenges,
    bestPractices: walker.practices,
    structure: structure.sort((a, b) => a.line - b.line),
    notImported,
    repair: report,
    format: markdown ? 'markdown' : 'plain',
    note: decoded.note,
  };
}
