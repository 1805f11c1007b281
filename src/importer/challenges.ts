/**
 * Challenge/solution pairs, in every shape the nexus documents use: a heading per challenge with
 * a "**Solution:**" part, numbered items with "Challenge:"/"Solution:" (or "Problem:"/"Fix:")
 * lines, bold titles over a paragraph that tells both, 2- and 3-column tables, "X → Y" bullets,
 * and challenges listed without solutions whose solutions come in a later section.
 */

import { truncate } from '../text.js';
import { isTitleLike, splitLabel, splitLead, stripEmoji, words } from './classify.js';
import type { TopicIndex } from './topic-index.js';
import type { TableEvent, UnitEvent } from './types.js';

export interface ParsedChallenge {
  title: string;
  challenge: string;
  solution: string | null;
  /** Source lines (1-based), sorted. */
  lines: number[];
  /** Topics it names, the section's first. */
  topics: string[];
}

interface Draft {
  section: number;
  ordinal: number;
  title: string | null;
  /** Unlabelled opening text: the title if labelled text follows, else the challenge itself. */
  pending: string | null;
  challenge: string[];
  solution: string[];
  mode: 'challenge' | 'solution';
  labelled: boolean;
  lines: Set<number>;
  number: number | null;
  topics: string[];
}

export interface SolutionEntry {
  number: number | null;
  title: string | null;
  text: string[];
  lines: number[];
}

const NUMBERED = /^(?:(?:challenge|problem|issue|solution|fix)\s*)?#?(\d{1,3})\s*[:.)–—-]?\s*/i;

/** "Challenge 2: Slow CI", "2. Slow CI", "🐳 Challenge: Slow CI" → "Slow CI". */
export function cleanTitle(text: string): string {
  let t = stripEmoji(text)
    .replace(/^(?:challenge|problem|issue|struggle)\s*(?:#?\d+)?\s*(?:[:.)]|\s[–—-])\s*/i, '')
    .replace(/^#?\d{1,3}\s*[.):–—-]\s*/, '')
    .replace(/[:：.]\s*$/, '')
    .trim();
  if (t === '')
    t = stripEmoji(text)
      .replace(/[:：.]\s*$/, '')
      .trim();
  return t;
}

function numberIn(text: string): number | null {
  const m = NUMBERED.exec(stripEmoji(text));
  return m?.[1] ? Number(m[1]) : null;
}

const INLINE_SOLUTION =
  /\s*(?:→|->|=>|⇒)\s*|(?:[.;,]|\s[–—-])\s*(?:solution|fix)\s*:\s*|(?:[.;,]|\s[–—-])\s*((?:fixed|solved|resolved)\s+(?:it\s+)?by)\s+/i;

const SOLUTION_CUE =
  /^(?:(?:i|we)\s+)?(?:spent|worked|solved|fixed|resolved|implemented|added|switched|broke|built|configured|practi[cs]ed|read|created|wrote|moved|applied|adopted|introduced|refactored|set up|studied|followed|required|eventually|finally|ultimately|managed|went through|watched|reached out|to (?:fix|solve|overcome|address) (?:this|it|that))\b/i;

/** Prose that tells a challenge and then what was done about it: split at the first remedy. */
function splitProse(text: string): { challenge: string; solution: string } | null {
  const sentences = text.split(/(?<=[.!?])\s+(?=[\p{Lu}"“])/u);
  const at = sentences.findIndex((s, i) => i > 0 && SOLUTION_CUE.test(s));
  if (at < 1) return null;
  return {
    challenge: sentences.slice(0, at).join(' '),
    solution: sentences.slice(at).join(' '),
  };
}

const capitalise = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

export class ChallengeCollector {
  private readonly drafts: Draft[] = [];
  private current: Draft | null = null;
  private section = 0;
  private ordinal = 0;
  /** Solutions labelled as such with no challenge before them, for the later matching. */
  readonly orphans: SolutionEntry[] = [];

  constructor(private readonly index: TopicIndex) {}

  /** Challenges in a new section are never continued from the previous one. */
  newSection(): number {
    this.current = null;
    this.ordinal = 0;
    return ++this.section;
  }

  private open(topics: string[], lines: number[], number: number | null): Draft {
    const draft: Draft = {
      section: this.section,
      ordinal: ++this.ordinal,
      title: null,
      pending: null,
      challenge: [],
      solution: [],
      mode: 'challenge',
      labelled: false,
      lines: new Set(lines),
      number,
      topics,
    };
    this.drafts.push(draft);
    this.current = draft;
    return draft;
  }

  /** A heading (or bold title line) naming one challenge. */
  titled(text: string, lines: number[], topics: string[]): void {
    const draft = this.open(topics, lines, numberIn(text));
    draft.title = cleanTitle(text);
    const { label, rest } = splitLabel(stripEmoji(text));
    if (label === 'challenge' && rest !== '') draft.title = cleanTitle(rest);
  }

  /** "#### Solution" under a challenge, or a "**Solution:**" line alone. */
  mode(mode: 'challenge' | 'solution', lines: number[], topics: string[]): void {
    const draft =
      this.current && !(mode === 'challenge' && this.current.solution.length > 0)
        ? this.current
        : this.open(topics, [], null);
    draft.mode = mode;
    draft.labelled = true;
    for (const n of lines) draft.lines.add(n);
  }

  get hasCurrent(): boolean {
    return this.current !== null;
  }

  /**
   * One statement. `atRoot`: directly under the challenges heading, where each top-level item
   * (or a paragraph after a solved challenge) starts a new challenge; under a challenge's own
   * heading everything continues it.
   */
  unit(u: UnitEvent, atRoot: boolean, rootDepth: number, topics: string[]): void {
    const { label, rest, labelOnly } = splitLabel(u.text);
    const cur = this.current;
    if (labelOnly && label) {
      this.mode(label, u.lines, topics);
      return;
    }
    if (label === 'challenge') {
      const reuse =
        cur &&
        cur.solution.length === 0 &&
        (cur.challenge.length === 0 || (!atRoot && !cur.labelled));
      const draft = reuse && cur ? cur : this.open(topics, [], u.number);
      draft.challenge.push(rest);
      draft.mode = 'challenge';
      draft.labelled = true;
      draft.number ??= u.number;
      for (const n of u.lines) draft.lines.add(n);
      return;
    }
    if (label === 'solution') {
      if (!cur) {
        this.orphans.push({ number: u.number, title: null, text: [rest], lines: [...u.lines] });
        return;
      }
      cur.solution.push(rest);
      cur.mode = 'solution';
      cur.labelled = true;
      for (const n of u.lines) cur.lines.add(n);
      return;
    }
    const top = u.depth <= rootDepth;
    const starts =
      !cur ||
      (atRoot &&
        top &&
        (u.item ||
          cur.solution.length > 0 ||
          (!cur.labelled && cur.challenge.length > 0) ||
          (!cur.labelled && cur.pending !== null && !isTitleLike(cur.pending))));
    if (starts) {
      this.seed(this.open(topics, u.lines, u.number), u);
      return;
    }
    (cur.mode === 'solution' ? cur.solution : cur.challenge).push(u.text);
    for (const n of u.lines) cur.lines.add(n);
  }

  /** The first statement of a challenge: "**Title**: text", "X → Y", or just text. */
  private seed(draft: Draft, u: UnitEvent): void {
    let text = u.text;
    const inline = INLINE_SOLUTION.exec(text);
    const after = inline ? text.slice(inline.index + inline[0].length).trim() : '';
    if (inline && after !== '') {
      draft.solution.push(capitalise(inline[1] ? `${inline[1]} ${after}` : after));
      draft.mode = 'solution';
      draft.labelled = true;
      text = text.slice(0, inline.index).trim();
    }
    const lead = splitLead(text, u.lead);
    if (lead && lead.rest !== '' && (u.lead || words(lead.label).length <= 5)) {
      draft.title = cleanTitle(lead.label);
      text = lead.rest;
    } else if (u.lead && text === u.lead.replace(/[:：]\s*$/, '')) {
      draft.title = cleanTitle(text);
    }
    if (draft.title || draft.labelled) draft.challenge.push(text);
    else draft.pending = text;
  }

  /** Each body row of a challenge table is one pair. Returns whether any row was one. */
  table(t: TableEvent, topics: string[]): boolean {
    const header = t.header.cells.map((c) => c.toLowerCase());
    const find = (re: RegExp) => header.findIndex((c) => re.test(c));
    let challenge = find(/challenge|problem|issue|struggle|difficult/);
    let solution = find(/solution|fix|resolution|resolved|how|approach|what i did/);
    let detail = find(/description|detail|context|what happened|impact|cause|why/);
    let title = find(/title|name|area|topic|^#$|^no\.?$/);
    const width = t.rows.reduce((max, r) => Math.max(max, r.cells.length), header.length);
    if (challenge < 0 && solution < 0) {
      // No telling header: (challenge | solution) or (title | challenge | solution).
      if (width === 2) [challenge, solution] = [0, 1];
      else if (width >= 3) [title, challenge, solution] = [0, 1, width - 1];
    }
    if (challenge < 0 && title >= 0) [challenge, title] = [title, -1];
    if (challenge < 0) return false;
    if (detail < 0 && width >= 3) {
      const free = [...Array(width).keys()].find((k) => ![challenge, solution, title].includes(k));
      if (free !== undefined) detail = free;
    }
    this.newSection();
    let any = false;
    for (const row of t.rows) {
      const cell = (k: number) => (k >= 0 ? (row.cells[k] ?? '').trim() : '');
      const head = cell(title) || cell(challenge);
      const body = cell(detail) || cell(challenge);
      if (head === '' && body === '') continue;
      const draft = this.open(topics, [row.line], null);
      draft.title = cleanTitle(head || body);
      draft.challenge.push(body || head);
      if (cell(solution) !== '') draft.solution.push(cell(solution));
      draft.labelled = true;
      any = true;
    }
    this.current = null;
    return any;
  }

  /** Drafts still without a solution, for a later "Solutions" section. */
  unsolved(): Draft[] {
    return this.drafts.filter((d) => d.solution.length === 0);
  }

  finish(): ParsedChallenge[] {
    return this.drafts.flatMap((d) => {
      const body = d.challenge.filter(Boolean);
      let challenge = body.length > 0 ? body.join('\n') : (d.pending ?? d.title ?? '');
      let title = d.title ?? (body.length > 0 ? d.pending : null);
      let solution = d.solution.filter(Boolean).join('\n') || null;
      if (solution === null && !d.labelled) {
        const split = splitProse(challenge);
        if (split) ({ challenge, solution } = split);
      }
      if (challenge.trim() === '') return [];
      title ??= truncate(challenge.split(/(?<=[.!?])\s/)[0] ?? challenge, 80);
      title = cleanTitle(title);
      const topics = [
        ...new Set([
          ...d.topics,
          ...this.index.match(title, 'prose'),
          ...this.index.match(`${challenge} ${solution ?? ''}`, 'prose'),
        ]),
      ];
      return [
        {
          title,
          challenge,
          solution,
          lines: [...d.lines].sort((a, b) => a - b),
          topics,
        },
      ];
    });
  }

  /**
   * Solutions written in their own section: matched to unsolved challenges by number, then by
   * title, then (when the counts agree) by order. Returns the entries nothing matched.
   */
  attach(entries: SolutionEntry[]): SolutionEntry[] {
    const open = this.unsolved();
    if (open.length === 0) return entries;
    // Only the most recent challenges section with open challenges: a second pasted document
    // numbers its challenges from 1 again.
    const latest = open.reduce((max, d) => Math.max(max, d.section), 0);
    const pool = new Set(open.filter((d) => d.section === latest));
    const numbered = new Map<number, Draft[]>();
    for (const d of pool) {
      const n = d.number ?? d.ordinal;
      numbered.set(n, [...(numbered.get(n) ?? []), d]);
    }
    const give = (d: Draft, e: SolutionEntry) => {
      d.solution.push(...e.text);
      for (const n of e.lines) d.lines.add(n);
      pool.delete(d);
    };
    const tokens = (t: string) =>
      new Set((t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 2));
    const keys = new Map(
      [...pool].map((d) => [d, tokens(d.title ?? d.pending ?? d.challenge.join(' '))]),
    );
    const similarity = (x: Set<string>, y: Set<string>) =>
      [...x].filter((w) => y.has(w)).length / Math.max(1, Math.min(x.size, y.size));
    // Matching by title compares every pair; past a few hundred of each, numbers and order do.
    const byTitle = pool.size * entries.length <= 40_000;
    const unmatched: SolutionEntry[] = [];
    for (const e of entries) {
      const byNumber =
        e.number === null ? undefined : numbered.get(e.number)?.find((d) => pool.has(d));
      if (byNumber) {
        give(byNumber, e);
        continue;
      }
      const key = tokens(e.title ?? e.text.join(' '));
      let best: { d: Draft; score: number } | null = null;
      for (const d of byTitle ? pool : []) {
        const score = similarity(key, keys.get(d) ?? new Set());
        if (!best || score > best.score) best = { d, score };
      }
      if (best && best.score >= 0.5) give(best.d, e);
      else unmatched.push(e);
    }
    if (unmatched.length > 0 && unmatched.length === pool.size) {
      const order = [...pool].sort((a, b) => a.ordinal - b.ordinal);
      unmatched.forEach((e, i) => {
        const d = order[i];
        if (d) give(d, e);
      });
      return [];
    }
    return unmatched;
  }
}
