/**
 * Walks the events section by section. A heading's kind (technologies, challenges, solutions,
 * best practices, ignored, or a topic) decides what its lines become; headings of no kind take
 * their parent's. Records why every line left out was left out, and which headings and labels
 * framed something imported.
 */

import {
  ChallengeCollector,
  cleanTitle,
  type ParsedChallenge,
  type SolutionEntry,
} from './challenges.js';
import {
  classifyHeading,
  isTitleLike,
  modeHeading,
  splitLabel,
  splitLead,
  stripEmoji,
  words,
} from './classify.js';
import type { TopicIndex } from './topic-index.js';
import type { BestPractice, HeadingEvent, ParsedLearning, TableEvent, UnitEvent } from './types.js';

type Kind = 'learning' | 'challenges' | 'challenge' | 'solutions' | 'practices' | 'ignore' | 'none';

interface Context {
  depth: number;
  topics: string[];
  lines: number[];
  text: string;
  produced: boolean;
}

interface Section {
  level: number;
  kind: Kind;
  topics: string[];
  heading: HeadingEvent | null;
  parent: Section | null;
  produced: boolean;
  rootDepth: number | null;
  labels: Context[];
  entries: SolutionEntry[];
}

const CONTENT_KINDS: Kind[] = ['learning', 'challenges', 'challenge', 'solutions', 'practices'];

function section(
  level: number,
  kind: Kind,
  topics: string[],
  heading: HeadingEvent | null,
  parent: Section | null,
): Section {
  return {
    level,
    kind,
    topics,
    heading,
    parent,
    produced: false,
    rootDepth: null,
    labels: [],
    entries: [],
  };
}

export class Walker {
  readonly learnings: ParsedLearning[] = [];
  readonly practices: BestPractice[] = [];
  readonly collector: ChallengeCollector;
  readonly reasons = new Map<number, string>();
  /** Headings, labels and table headers, used when what they frame produced an entry. */
  readonly frames: { lines: number[]; text: string; owner: { produced: boolean } }[] = [];
  recognized = false;
  private readonly root = section(0, 'none', [], null, null);
  private stack: Section[] = [];

  constructor(
    private readonly index: TopicIndex,
    private readonly sectionTopicsOnly = false,
  ) {
    this.collector = new ChallengeCollector(index);
  }

  private get top(): Section {
    return this.stack.at(-1) ?? this.root;
  }

  private because(lines: number[], reason: string) {
    for (const n of lines) if (!this.reasons.has(n)) this.reasons.set(n, reason);
  }

  /** Marks a section and its ancestors; a marked section's are marked already. */
  private produced(s: Section) {
    for (let p: Section | null = s; p && !p.produced; p = p.parent) p.produced = true;
  }

  /**
   * Solutions written in their own section go to the challenges before it as soon as it ends,
   * so a second document pasted below cannot take them.
   */
  private close(s: Section) {
    if (s.kind !== 'solutions' || s.entries.length === 0) return;
    const unmatched = this.collector.attach(s.entries);
    if (unmatched.length < s.entries.length) this.produced(s);
  }

  private open(s: Section) {
    if (CONTENT_KINDS.includes(s.kind)) this.recognized = true;
    // A document title (a heading of no kind) frames nothing, even when sections nest under it.
    if (s.heading && s.kind !== 'none')
      this.frames.push({ lines: s.heading.lines, text: s.heading.text, owner: s });
    this.stack.push(s);
  }

  heading(h: HeadingEvent) {
    while (this.stack.length > 0 && (this.stack.at(-1)?.level ?? 0) >= h.level) {
      const popped = this.stack.pop();
      if (popped) this.close(popped);
    }
    const parent = this.stack.at(-1) ?? null;
    const c = classifyHeading(h.text, this.index);
    const reason = h.leadIn ? 'lead-in' : 'heading';
    this.because(h.lines, reason);

    if (parent && (parent.kind === 'challenges' || parent.kind === 'challenge')) {
      const mode = modeHeading(h.text);
      const separate =
        !c.entry &&
        (c.kind === 'practices' ||
          c.kind === 'ignore' ||
          (c.kind === 'solutions' && !mode) ||
          (c.kind === 'learning' && c.topics.length === 0));
      if (!separate) {
        // A heading inside a challenges section names one challenge, or switches to its solution.
        const sectionTopics = this.challengeTopics(parent);
        if (mode && this.collector.hasCurrent) this.collector.mode(mode, h.lines, sectionTopics);
        else this.collector.titled(h.text, h.lines, sectionTopics);
        this.produced(parent);
        this.stack.push(section(h.level, 'challenge', parent.topics, null, parent));
        return;
      }
    }
    if (parent?.kind === 'solutions' && (c.kind === 'unknown' || c.kind === 'learning')) {
      parent.entries.push({
        number: null,
        title: cleanTitle(h.text),
        text: [],
        lines: [...h.lines],
      });
      this.stack.push(section(h.level, 'solutions', [], null, parent));
      return;
    }
    if (c.entry) {
      // "### Challenge: Deployment issues" outside a challenges section is one by itself;
      // consecutive ones share a section, so a later "Solutions" list can number them.
      const s = section(h.level, 'challenge', c.topics, null, parent);
      this.open(s);
      this.collector.titled(h.text, h.lines, c.topics);
      this.produced(s);
      return;
    }
    let kind: Kind;
    if (c.kind === 'unknown') kind = parent && parent.kind !== 'challenge' ? parent.kind : 'none';
    else kind = c.kind;
    const inherited = parent && parent.kind === kind ? parent.topics : [];
    const topics = c.topics.length > 0 ? c.topics : inherited;
    // Each section starts afresh: a "Solution:" line never attaches across a heading.
    this.collector.newSection();
    this.open(section(h.level, kind, topics, h, parent));
  }

  /** Names the section that is not imported ("Conclusion"), not a lead-in line inside it. */
  private ignoredBy(s: Section): string {
    let top = s;
    while (top.parent?.kind === 'ignore') top = top.parent;
    const title = stripEmoji(top.heading?.text ?? '');
    return title
      ? `in "${title}", a section that is not imported`
      : 'in a section that is not imported';
  }

  private challengeTopics(s: Section): string[] {
    for (let p: Section | null = s; p; p = p.parent) if (p.topics.length > 0) return p.topics;
    return [];
  }

  private rootDepth(s: Section, u: UnitEvent): number {
    s.rootDepth ??= u.depth;
    return s.rootDepth;
  }

  unit(u: UnitEvent) {
    const s = this.top;
    const { label } = splitLabel(u.text);
    // "Challenge:"/"Solution:" lines among learnings (a week-by-week layout) are a challenge;
    // an "Approach:" or "Result:" bullet with no challenge before it is just a bullet.
    const inline = label === 'challenge' || (label === 'solution' && this.collector.hasCurrent);
    switch (s.kind) {
      case 'ignore':
        this.because(u.lines, this.ignoredBy(s));
        return;
      case 'none':
        if (inline) return this.inlineChallenge(s, u);
        this.because(u.lines, 'outside any recognised section');
        return;
      case 'challenges':
      case 'challenge': {
        const root = s.kind === 'challenges' ? s : (s.parent ?? s);
        this.collector.unit(
          u,
          s.kind === 'challenges',
          this.rootDepth(root, u),
          this.challengeTopics(s),
        );
        this.produced(s);
        return;
      }
      case 'solutions':
        return this.solution(s, u);
      case 'learning':
      case 'practices':
        if (inline) return this.inlineChallenge(s, u);
        return this.knowledge(s, u);
    }
  }

  private inlineChallenge(s: Section, u: UnitEvent) {
    this.collector.unit(u, true, u.depth, this.challengeTopics(s));
    this.recognized = true;
    this.produced(s);
  }

  private ownTopics(u: UnitEvent): string[] {
    const lead = splitLead(u.text, u.lead);
    if (lead && (u.lead || words(lead.label).length <= 4))
      return [
        ...new Set([
          ...this.index.match(lead.label, 'label'),
          ...this.index.match(lead.rest, 'prose'),
        ]),
      ];
    return this.index.match(u.text, 'prose');
  }

  /** A learning (filed under its topics) or a best practice, or a label over nested ones. */
  private knowledge(s: Section, u: UnitEvent) {
    while (s.labels.length > 0 && (s.labels.at(-1)?.depth ?? 0) >= u.depth) s.labels.pop();
    const isLabel =
      u.parent &&
      (isTitleLike(u.text) || u.strong || (/:$/.test(u.text) && words(u.text).length <= 8));
    if (isLabel) {
      const ctx: Context = {
        depth: u.depth,
        topics: this.index.match(u.text, 'label'),
        lines: u.lines,
        text: u.text,
        produced: false,
      };
      s.labels.push(ctx);
      this.frames.push({ lines: u.lines, text: u.text, owner: ctx });
      this.because(u.lines, 'label of nothing imported');
      return;
    }
    const done = () => {
      for (const l of s.labels) l.produced = true;
      this.produced(s);
    };
    if (s.kind === 'practices') {
      this.practices.push({ text: u.text, line: u.lines[0] ?? 0, lines: u.lines });
      return done();
    }
    const labelled = [...s.labels].reverse().find((l) => l.topics.length > 0);
    const context = labelled?.topics ?? s.topics;
    const own = this.sectionTopicsOnly && context.length > 0 ? [] : this.ownTopics(u);
    const topics = [...new Set([...context, ...own])];
    if (topics.length === 0) {
      this.because(u.lines, 'names no known topic');
      return;
    }
    // "Python" alone in a list of technologies says nothing about Python ("Docker: compose"
    // does, tersely).
    const lead = splitLead(u.text, u.lead);
    const saysSomething = lead !== null && lead.rest !== '';
    if (context.length === 0 && !saysSomething && this.index.leftover(u.text) === 0) {
      this.because(u.lines, 'only names a topic, says nothing about it');
      return;
    }
    for (const topic of topics)
      this.learnings.push({ topic, text: u.text, line: u.lines[0] ?? 0, lines: u.lines });
    done();
  }

  private solution(s: Section, u: UnitEvent) {
    const owner = s.heading ? s : (s.parent ?? s);
    const depth = this.rootDepth(owner, u);
    const last = owner.entries.at(-1);
    const { label, rest } = splitLabel(u.text);
    const text = label === 'solution' ? rest : u.text;
    if (!last || (u.depth <= depth && (u.item || u.gap) && s === owner)) {
      const lead = splitLead(text, u.lead);
      const titled = lead && lead.rest !== '' && (u.lead || words(lead.label).length <= 5);
      owner.entries.push({
        number: u.number ?? numberOf(text),
        title: titled ? cleanTitle(lead.label) : null,
        text: [titled ? lead.rest : text.replace(/^#?\d{1,3}\s*[.):–—-]\s*/, '')],
        lines: [...u.lines],
      });
    } else {
      last.text.push(text);
      last.lines.push(...u.lines);
    }
    this.because(u.lines, 'solution that matches no challenge');
  }

  table(t: TableEvent) {
    const s = this.top;
    const head = t.header.cells.join(' ').toLowerCase();
    const challengeTable =
      /challenge|problem|issue/.test(head) && /solution|fix|resolution|how/.test(head);
    const frame = { produced: false };
    this.frames.push({ lines: t.header.lines, text: t.header.cells.join(' | '), owner: frame });
    this.because(t.header.lines, 'table header');
    const rows = t.rows.map((r) => r.line);
    if (challengeTable || s.kind === 'challenges' || s.kind === 'challenge') {
      if (this.collector.table(t, this.challengeTopics(s))) {
        frame.produced = true;
        this.recognized = true;
        this.produced(s);
        return;
      }
    }
    if (s.kind === 'learning' || s.kind === 'practices') {
      for (const row of t.rows) {
        const cells = row.cells.map((c) => c.trim()).filter(Boolean);
        if (cells.length === 0) continue;
        const unit: UnitEvent = {
          type: 'unit',
          text: cells.length > 1 ? `${cells[0]}: ${cells.slice(1).join(' – ')}` : (cells[0] ?? ''),
          lines: [row.line],
          depth: 0,
          item: true,
          ordered: false,
          number: null,
          strong: false,
          lead: cells.length > 1 ? `${cells[0]}:` : null,
          gap: false,
          parent: false,
          joined: true,
          blockSize: 1,
        };
        const before = this.learnings.length + this.practices.length;
        this.knowledge(s, unit);
        if (this.learnings.length + this.practices.length > before) frame.produced = true;
      }
      return;
    }
    this.because(
      rows,
      s.kind === 'ignore' ? this.ignoredBy(s) : 'table outside any recognised section',
    );
  }

  skip(line: number, reason: string) {
    this.because([line], reason);
  }

  finish(): ParsedChallenge[] {
    while (this.stack.length > 0) {
      const popped = this.stack.pop();
      if (popped) this.close(popped);
    }
    this.collector.attach(this.collector.orphans);
    return this.collector.finish();
  }
}

function numberOf(text: string): number | null {
  const m = /^(?:solution|fix)?\s*#?(\d{1,3})\s*[.):–—-]/i.exec(text.trim());
  return m?.[1] ? Number(m[1]) : null;
}
