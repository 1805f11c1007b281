import { optional, position } from './component-id.js';
import { limits } from './limits.js';
import type { Button, EmbedField } from './message.js';

/** A position read from a customId as a whole number, 0 for anything else. */
const wholeOrZero = (value: number) =>
  Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 0;

/** Clamps a requested page into range, so a stale button after edits still lands somewhere. */
export function clampPage(page: number, pageCount: number): number {
  return Math.min(wholeOrZero(page), Math.max(0, pageCount - 1));
}

function previousNext(
  previousId: string,
  nextId: string,
  atFirst: boolean,
  atLast: boolean,
): Button[] {
  if (atFirst && atLast) return [];
  return [
    { customId: previousId, label: '◀ Previous', disabled: atFirst },
    { customId: nextId, label: 'Next ▶', disabled: atLast },
  ];
}

/**
 * Previous/Next for page `page` of `pages`; the target page travels in each button's customId
 * (a disabled Previous on the first page points at it, as ids hold no negative page).
 */
export function pageButtons(
  page: number,
  pages: number,
  idFor: (page: number) => string,
): Button[] {
  return previousNext(idFor(Math.max(0, page - 1)), idFor(page + 1), page === 0, page >= pages - 1);
}

/** A window of a list as its reader answers it: the items asked for and the list's size. */
export interface ReadWindow<T> {
  total: number;
  items: T[];
}

export type WindowReader<T> = (window: { offset: number; limit: number }) => Promise<ReadWindow<T>>;

/** One page of a list cut into pages of `perPage` items. */
export interface Page<T> extends ReadWindow<T> {
  /** Zero-based, after clamping. */
  page: number;
  pages: number;
  /** Position of the first item in the whole list, for numbering. */
  offset: number;
}

/**
 * Page `requested` of a list read a window at a time, so only the shown rows are read. A page
 * past the end (a button pressed after the list shrank) reads the last page instead of an empty one.
 */
export async function readPage<T>(
  requested: number,
  perPage: number,
  read: WindowReader<T>,
): Promise<Page<T>> {
  const pagesOf = (total: number) => Math.max(1, Math.ceil(total / perPage));
  const at = (page: number) => read({ offset: page * perPage, limit: perPage });
  const wanted = wholeOrZero(requested);
  let found = await at(wanted);
  const page = clampPage(wanted, pagesOf(found.total));
  if (page !== wanted) found = await at(page);
  return { ...found, page, pages: pagesOf(found.total), offset: page * perPage };
}

/** A reader over a list already in memory. */
export const fromArray =
  <T>(all: readonly T[]): WindowReader<T> =>
  async ({ offset, limit }) => ({ total: all.length, items: all.slice(offset, offset + limit) });

/** How much one page may hold: at most `most` lines, and at most `budget` characters of them. */
export interface Fit {
  most: number;
  budget: number;
}

/**
 * One part of a sectioned list (a project's backend members, then its frontend members, then its
 * pairs): a heading, a size, and its lines read a window at a time.
 */
export interface Section {
  heading: string;
  count: number;
  lines(offset: number, limit: number): Promise<string[]>;
  /** Shown under the heading when the section has no lines. */
  empty: string;
}

/** Lines `first` to `last` (1-based) of a section's `of`; an empty section has the one line `empty`. */
export interface SectionRun {
  heading: string;
  lines: string[];
  first: number;
  last: number;
  of: number;
}

/**
 * Where a page of a sectioned list starts, and for a page reached with Previous, where the page
 * after it starts, so going back shows exactly the lines before it. Positions count lines across
 * all sections, from 0.
 */
export interface PagePlace {
  start: number;
  until?: number | undefined;
}

/** A page of a sectioned list. */
export interface SectionedPage {
  runs: SectionRun[];
  start: number;
  /** Just past the last line shown: where Next starts. */
  end: number;
  /** Where the page ending just before `start` starts: where Previous starts. */
  previousStart: number;
  total: number;
}

/** "Backend (300) · 21–40" for part of a section, the bare heading for all of it. */
export function runHeading(run: SectionRun): string {
  if (run.first === 1 && run.last >= run.of) return run.heading;
  return `${run.heading} · ${run.first === run.last ? run.first : `${run.first}–${run.last}`}`;
}

interface Entry {
  section: number;
  /** In the section, from 0. */
  index: number;
  /** In the whole list, from 0. */
  position: number;
  line: string;
}

/** How many lines, in order, fit one page; always at least one, so paging moves on. */
function fitting(lines: readonly Entry[], fit: Fit): number {
  let used = 0;
  let count = 0;
  for (const { line } of lines) {
    used += line.length + 1;
    if (count === fit.most || (count > 0 && used > fit.budget)) break;
    count += 1;
  }
  return count;
}

/**
 * The page of a sectioned list starting at `requested`: as many lines as fit, so lines
 * of any length (members' links) can never overflow Discord's limits, and every line shows
 * exactly once paging forward or back. The start travels in the buttons' customIds, so paging
 * survives restarts; a start past the end (a stale button after members left) shows the last
 * page. Reads only the lines around the start, in one window (two for a stale start).
 */
export async function sectionedPage(
  sections: readonly Section[],
  requested: PagePlace,
  fit: Fit,
): Promise<SectionedPage> {
  const offsets: number[] = [];
  let total = 0;
  for (const section of sections) {
    offsets.push(total);
    total += section.count;
  }
  /** The lines at positions `from` to `to` (excluded), across sections. */
  const read = async (from: number, to: number): Promise<Entry[]> => {
    const entries: Entry[] = [];
    for (const [i, section] of sections.entries()) {
      const offset = offsets[i] as number;
      const first = Math.max(from, offset) - offset;
      const last = Math.min(to, offset + section.count) - offset;
      if (first >= last) continue;
      const lines = await section.lines(first, last - first);
      for (const [j, line] of lines.entries())
        entries.push({ section: i, index: first + j, position: offset + first + j, line });
    }
    return entries;
  };

  let start = wholeOrZero(requested.start);
  if (start >= total) {
    const tail = await read(Math.max(0, total - fit.most), total);
    start = total - fitting(tail.reverse(), fit);
  }
  // A page reached with Previous stops where the page it came from starts.
  const until =
    requested.until !== undefined && requested.until > start
      ? Math.min(total, requested.until)
      : total;
  const around = await read(Math.max(0, start - fit.most), start + fit.most);
  const before = around.filter((entry) => entry.position < start);
  const after = around.filter((entry) => entry.position >= start && entry.position < until);
  const shown = after.slice(0, fitting(after, fit));
  const end = (shown.at(-1)?.position ?? start - 1) + 1;

  const runs: SectionRun[] = [];
  for (const [i, section] of sections.entries()) {
    const offset = offsets[i] as number;
    // An empty section shows once: on the page that reaches the place it would hold.
    if (section.count === 0 && ((start < offset && offset <= end) || (offset === 0 && start === 0)))
      runs.push({ heading: section.heading, lines: [section.empty], first: 1, last: 0, of: 0 });
    const entries = shown.filter((entry) => entry.section === i);
    const [head, tail] = [entries[0], entries.at(-1)];
    if (head && tail)
      runs.push({
        heading: section.heading,
        lines: entries.map((entry) => entry.line),
        first: head.index + 1,
        last: tail.index + 1,
        of: section.count,
      });
  }
  return { runs, start, end, previousStart: start - fitting(before.reverse(), fit), total };
}

/** Previous/Next for a sectioned page; each button's customId carries the place it shows. */
export function sectionButtons(page: SectionedPage, idFor: (place: PagePlace) => string): Button[] {
  return previousNext(
    idFor({ start: page.previousStart, until: page.start }),
    idFor({ start: page.end }),
    page.start === 0,
    page.end >= page.total,
  );
}

/** A section over lines already in memory. */
export const sectionOf = (heading: string, lines: readonly string[], empty: string): Section => ({
  heading,
  count: lines.length,
  empty,
  lines: async (offset, limit) => lines.slice(offset, offset + limit),
});

/** A page place as a customId carries it: `until` only when set. */
export const placeParts = { start: position, until: optional(position) };

/**
 * A run's lines as embed fields of at most 1,024 characters each, every field named with the
 * lines it holds, so a long run splits rather than being cut.
 */
export function runFields(run: SectionRun): EmbedField[] {
  const fields: EmbedField[] = [];
  let first = run.first;
  let chunk: string[] = [];
  let size = 0;
  const flush = () => {
    const last = first + chunk.length - 1;
    fields.push({ name: runHeading({ ...run, first, last }), value: chunk.join('\n') });
    first = last + 1;
    chunk = [];
    size = 0;
  };
  for (const line of run.lines) {
    if (chunk.length > 0 && size + 1 + line.length > limits.embedFieldValue) flush();
    size += (chunk.length > 0 ? 1 : 0) + line.length;
    chunk.push(line);
  }
  flush();
  return fields;
}
