/**
 * Turns line records into events: headings, units (one bullet or one statement), tables and
 * skipped lines. Then finds the headings that lost their markup: a plain line is promoted to a
 * heading when it reads as a section title ("Key Technologies Covered"), leads with an emoji in a
 * plain document, is a bold line over content, introduces a list ("I learned to:"), sits on the
 * line right above content, or names a topic that the lines after it are about.
 */

import {
  classifyHeading,
  type HeadingClass,
  isSentenceLike,
  isTitleLike,
  type SectionKind,
  splitLabel,
  startsWithEmoji,
  words,
} from './classify.js';
import type { TopicIndex } from './topic-index.js';
import type { DocEvent, HeadingEvent, SourceLine, UnitEvent } from './types.js';

/** Whether the next line starts a new statement rather than continuing a wrapped one. */
function splitsBefore(prev: SourceLine, cur: SourceLine): boolean {
  if (splitLabel(cur.text).label !== null) return true;
  if (prev.strong || cur.strong) return true;
  if (splitLabel(prev.text).labelOnly) return true;
  const open = !/[.!?:;]["')\]]?$/.test(prev.text);
  const continues =
    /^\p{Ll}/u.test(cur.text) ||
    /(?:[,(&/–—-]|\b(?:and|or|with|of|the|to|for|a|an|in|on|by))$/i.test(prev.text);
  return !(open && continues);
}

function unitsOf(group: SourceLine[]): UnitEvent[] {
  const first = group[0];
  if (!first) return [];
  const units: UnitEvent[] = [];
  let prev: SourceLine | null = null;
  for (const line of group) {
    const current = units.at(-1);
    if (current && prev && !splitsBefore(prev, line)) {
      current.text = `${current.text} ${line.text}`;
      current.lines.push(line.line);
    } else {
      const head = units.length === 0;
      units.push({
        type: 'unit',
        text: line.text,
        lines: [line.line],
        // Statements after an item's first line belong to that item.
        depth: first.depth + (!head && first.role === 'item' ? 1 : 0),
        item: head && first.role === 'item',
        ordered: head && first.ordered,
        number: head ? first.number : null,
        strong: line.strong,
        lead: line.lead,
        gap: line.gap,
        parent: false,
        joined: !line.gap,
        blockSize: group.length,
      });
    }
    if (units.at(-1)?.lines.length !== 1) {
      const u = units.at(-1);
      if (u) u.strong = false;
    }
    prev = line;
  }
  return units;
}

/** Groups records by block and makes the raw events, before any heading is inferred. */
function rawEvents(records: SourceLine[]): DocEvent[] {
  const events: DocEvent[] = [];
  let i = 0;
  while (i < records.length) {
    const record = records[i] as SourceLine;
    if (record.role === 'skip') {
      events.push({ type: 'skip', line: record.line, text: record.text, reason: record.reason });
      i++;
      continue;
    }
    let j = i + 1;
    while (j < records.length && records[j]?.block === record.block && records[j]?.role !== 'skip')
      j++;
    const group = records.slice(i, j);
    i = j;
    if (record.role === 'heading') {
      events.push({
        type: 'heading',
        text: group
          .map((g) => g.text)
          .filter(Boolean)
          .join(' '),
        lines: group.map((g) => g.line),
        level: record.level,
        inferred: false,
        leadIn: false,
      });
    } else if (record.role === 'row') {
      const header = group.filter((g) => g.header);
      events.push({
        type: 'table',
        header: { cells: header[0]?.cells ?? [], lines: header.map((g) => g.line) },
        rows: group.filter((g) => !g.header).map((g) => ({ cells: g.cells ?? [], line: g.line })),
      });
    } else {
      // An item group may hold continuation records of another role; split it per statement.
      events.push(...unitsOf(group));
    }
  }
  return events;
}

const WINDOW = 24;

interface Open {
  level: number;
  kind: SectionKind;
  minor: boolean;
  leadIn: boolean;
}

export function buildEvents(records: SourceLine[], index: TopicIndex, plain: boolean): DocEvent[] {
  const raw = rawEvents(records);
  const classes = new Map<DocEvent, HeadingClass>();
  const classOf = (e: { text: string } & DocEvent) => {
    let c = classes.get(e);
    if (!c) {
      c = classifyHeading(e.text, index);
      classes.set(e, c);
    }
    return c;
  };
  const labelled = (u: UnitEvent) => splitLabel(u.text).label !== null;
  const topicsOf = (u: UnitEvent) => classOf(u).topics;
  const disjoint = (a: string[], b: string[]) => !a.some((t) => b.includes(t));

  /** A section title in its own right, whatever precedes it. */
  const isMajor = (u: UnitEvent): boolean => {
    if (u.depth > 0 || labelled(u) || u.lines.length > 1) return false;
    const c = classOf(u);
    const titled = isTitleLike(u.text) || (/:$/.test(u.text) && words(u.text).length <= 6);
    // Only a numbered item may be a section title ("2. Challenges"), and only when every word of
    // it is section vocabulary: "- The technologies I've mastered" is a bullet.
    if (u.item) return u.ordered && titled && c.major && c.kind !== 'unknown' && c.pure;
    if (titled && c.major && c.kind !== 'unknown') return true;
    return (
      startsWithEmoji(u.text) &&
      words(u.text).length <= 10 &&
      c.kind !== 'unknown' &&
      (plain || isTitleLike(u.text))
    );
  };
  const nextUnit = (from: number): UnitEvent | null => {
    const e = raw[from];
    return e?.type === 'unit' ? e : null;
  };
  const standalone = (u: UnitEvent) =>
    u.gap && u.blockSize === 1 && !u.item && u.depth === 0 && !labelled(u) && isTitleLike(u.text);

  /**
   * A bare line naming a topic heads the lines after it when they are about that topic, or when
   * they are sentences or list items under a title. It stops at the next line that names another
   * topic and is itself followed by a line about that one.
   */
  const headsWhatFollows = (i: number, topics: string[]): boolean => {
    let size = 0;
    let topical = 0;
    let shared = 0;
    let shaped = 0;
    // The first lines decide; looking further would make a long list quadratic.
    for (let j = i + 1; j < raw.length && size < WINDOW; j++) {
      const e = raw[j];
      if (!e || e.type === 'heading' || e.type === 'table') break;
      if (e.type === 'skip') continue;
      if (isMajor(e)) break;
      const own = topicsOf(e);
      if (standalone(e) && own.length > 0 && disjoint(own, topics)) {
        let k = j + 1;
        while (raw[k]?.type === 'skip') k++;
        const after = nextUnit(k);
        if (after && !disjoint(topicsOf(after), own)) break;
      }
      size++;
      if (own.length > 0) {
        topical++;
        if (!disjoint(own, topics)) shared++;
      }
      if (e.item || isSentenceLike(e.text)) shaped++;
    }
    if (size === 0) return false;
    return (size >= 2 && shared >= 1 && shared * 2 >= topical) || shaped === size;
  };

  const out: DocEvent[] = [];
  const stack: Open[] = [];
  let context: string[] = [];
  const push = (h: HeadingEvent, minor: boolean) => {
    while (stack.length > 0 && (stack.at(-1)?.level ?? 0) >= h.level) stack.pop();
    const c = classOf(h);
    stack.push({ level: h.level, kind: c.kind, minor, leadIn: h.leadIn });
    context = c.topics;
    out.push(h);
  };
  const majorLevel = () => {
    const known = stack.find((s) => s.kind !== 'unknown');
    return known ? known.level : (stack.at(-1)?.level ?? 0) + 1;
  };
  const minorLevel = () => {
    const base = [...stack].reverse().find((s) => !s.minor);
    return (base?.level ?? 0) + 1;
  };
  const promote = (u: UnitEvent, level: number, minor: boolean, leadIn = false) => {
    const h: HeadingEvent = {
      type: 'heading',
      text: u.text,
      lines: u.lines,
      level,
      inferred: true,
      leadIn,
    };
    classes.set(h, classOf(u));
    push(h, minor);
  };

  for (let i = 0; i < raw.length; i++) {
    const e = raw[i] as DocEvent;
    if (e.type === 'heading') {
      push(e, false);
      continue;
    }
    if (e.type !== 'unit') {
      out.push(e);
      continue;
    }
    const prev = out.at(-1);
    const afterHeading = prev?.type === 'heading' && prev.inferred && !e.gap;
    const next = nextUnit(i + 1);
    const eligible = e.depth === 0 && !labelled(e) && e.lines.length === 1;
    if (eligible && isMajor(e)) {
      if (afterHeading && prev?.type === 'heading' && !classOf(e).major)
        promote(e, prev.level + 1, true);
      else promote(e, majorLevel(), false);
      continue;
    }
    if (!eligible || e.item) {
      out.push(e);
      continue;
    }
    const title = isTitleLike(e.text);
    const hasContentNext = next !== null || raw[i + 1]?.type === 'table';
    if (e.strong && words(e.text).length <= 12 && hasContentNext) {
      promote(e, minorLevel(), true);
    } else if (afterHeading && title && prev?.type === 'heading') {
      promote(e, prev.level + 1, true);
    } else if (
      title &&
      next?.joined &&
      (next.item ||
        isSentenceLike(next.text) ||
        labelled(next) ||
        (isTitleLike(next.text) && e.blockSize === 2))
    ) {
      promote(e, minorLevel(), true);
    } else if (/:$/.test(e.text) && words(e.text).length <= 8) {
      const inner = stack.at(-1);
      promote(e, inner?.leadIn ? inner.level : (inner?.level ?? 0) + 1, true, true);
    } else if (
      standalone(e) &&
      words(e.text).length <= 5 &&
      topicsOf(e).length > 0 &&
      disjoint(topicsOf(e), context) &&
      headsWhatFollows(i, topicsOf(e))
    ) {
      promote(e, minorLevel(), true);
    } else {
      out.push(e);
    }
  }

  // A unit is a parent when deeper units follow it directly: a label over a nested list.
  for (let i = 0; i < out.length; i++) {
    const e = out[i];
    if (e?.type !== 'unit') continue;
    let j = i + 1;
    while (out[j]?.type === 'skip') j++;
    const after = out[j];
    e.parent = after?.type === 'unit' && after.depth > e.depth;
  }
  return out;
}
