/**
 * The plain-text front end: text pasted from a word processor or a README that lost its markup.
 * Structure comes from indentation (a line followed by deeper lines heads them), bullets of any
 * kind (-, •, ·, tab-indented, numbered), underlined titles and separator lines. Bare title lines
 * without any of these are left to the structure pass, which sees both front ends alike.
 */

import { startsWithEmoji } from './classify.js';
import { type SourceLine, sourceLine } from './types.js';

const SEPARATOR = /^\s*([-_=*~•·.#+])(?:\s*\1){2,}\s*$/u;
const UNDERLINE = /^\s*(=+|-+)\s*$/;
const SYMBOL_BULLET = /^([•·◦▪▫▸►‣⁃➢➤✓✔☐☑∙])\s*/u;
const DASH_BULLET = /^([-*+–—])[ \t]+/u;
const NUMBER_BULLET = /^(?:(\d{1,3})[.)]|\((\d{1,3})\)|([a-z])\))[ \t]+/u;

export interface Bullet {
  marker: string;
  ordered: boolean;
  number: number | null;
  text: string;
}

/** The list marker a line starts with (after its indentation), if any. */
export function parseBullet(trimmed: string): Bullet | null {
  const symbol = SYMBOL_BULLET.exec(trimmed) ?? DASH_BULLET.exec(trimmed);
  if (symbol?.[1]) {
    const text = trimmed.slice(symbol[0].length).trim();
    return text === '' ? null : { marker: symbol[1], ordered: false, number: null, text };
  }
  const num = NUMBER_BULLET.exec(trimmed);
  if (num) {
    const digits = num[1] ?? num[2];
    const text = trimmed.slice(num[0].length).trim();
    if (text === '') return null;
    return {
      marker: num[0].trim(),
      ordered: true,
      number: digits === undefined ? null : Number(digits),
      text,
    };
  }
  return null;
}

/** A task-list box is not content: "[x] Wrote tests" is "Wrote tests". */
export function stripTaskBox(text: string): string {
  return text.replace(/^\[[ xX]\]\s+/, '');
}

const URL_ONLY = /^(?:<?https?:\/\/\S+>?|www\.\S+)$/i;
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const DATE = new RegExp(
  `^(?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH},?\\s+\\d{4}|${MONTH}\\s+\\d{4})$`,
  'i',
);

/** Why a line carries no learning even though it has text: a bare link or a date. */
export function contentlessReason(text: string): string | null {
  const t = text.trim();
  // "Start Date: July 21, 2025", "Repo: https://…": the label does not make it content.
  const value = t.replace(/^[^:]{1,30}:\s+/, '');
  if (URL_ONLY.test(t) || URL_ONLY.test(value)) return 'link';
  // File trees and box drawings ("├── docs/"): "challenges.md" in a tree is not a section.
  if (/[│├└┌┐┘┬┴┼─┃┣┗━]/u.test(t)) return 'diagram';
  if (DATE.test(t) || DATE.test(value)) return 'date';
  return null;
}

function indentOf(line: string): number {
  let col = 0;
  for (const ch of line) {
    if (ch === ' ') col++;
    else if (ch === '\t') col += 4 - (col % 4);
    else break;
  }
  return col;
}

const MAX_NESTING = 32;
const MAX_UNDERLINES = 1000;

/** How many block containers (quote or list markers) open a line. */
function containerDepth(line: string): number {
  const prefix = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+/.exec(line)?.[0] ?? '';
  return (prefix.match(/>|[-*+]|\d{1,9}[.)]/g) ?? []).length;
}

/** Markdown is parsed as Markdown only when it shows Markdown syntax; anything else is plain. */
export function looksLikeMarkdown(lines: string[]): boolean {
  // Hundreds of nested quotes or lists ("> > > …", "- - - …") make the Markdown parser
  // recurse past the stack and slow to a crawl; no nexus document nests that deep.
  if (lines.some((l) => containerDepth(l) > MAX_NESTING || indentOf(l) > MAX_NESTING * 4))
    return false;
  // So do thousands of underlined ("Title\n=====") headings; the plain reader knows them too.
  let underlines = 0;
  for (let i = 1; i < lines.length; i++)
    if (UNDERLINE.test(lines[i] ?? '') && (lines[i - 1] ?? '').trim() !== '') underlines++;
  if (underlines > MAX_UNDERLINES) return false;
  let listMarkers = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^ {0,3}#{1,6}[ \t]+\S/.test(line)) return true;
    if (/^ {0,3}(?:```|~~~)/.test(line)) return true;
    if (/^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$/.test(line)) return true;
    if (/\*\*[^*\s][^*]*\*\*|__[^_\s][^_]*__/.test(line)) return true;
    if (/\[[^\]\n]+\]\([^)\s]+\)/.test(line)) return true;
    if (/<\/?(?:p|img|div|br|a|details|summary|h[1-6])\b[^>]*>/i.test(line)) return true;
    if (/^ {0,3}[-*+] +\S/.test(line)) listMarkers++;
  }
  return listMarkers >= 2;
}

interface Raw {
  index: number;
  text: string;
  indent: number;
  blank: boolean;
}

/**
 * An emoji or check mark leading two lines in a row is a bullet ("✅ Wrote tests"); leading a
 * single line, it decorates a title ("🧪 Challenges").
 */
function emojiBullet(raws: Raw[], i: number): string | null {
  const symbol = (r: Raw | undefined) =>
    r && startsWithEmoji(r.text) ? (Array.from(r.text.trim())[0] ?? null) : null;
  const own = symbol(raws[i]);
  if (!own) return null;
  const neighbour = (step: number) => {
    for (let j = i + step; j >= 0 && j < raws.length; j += step)
      if (!raws[j]?.blank) return symbol(raws[j]);
    return null;
  };
  return neighbour(-1) === own || neighbour(1) === own ? own : null;
}

export function readPlainText(lines: string[]): SourceLine[] {
  const raws: Raw[] = lines.map((text, index) => ({
    index,
    text,
    indent: indentOf(text),
    blank: text.trim() === '',
  }));
  const out: SourceLine[] = [];
  const stack: number[] = [];
  let block = 0;
  let prevKind: 'text' | 'item' | 'other' = 'other';
  let prevIndent = -1;

  const nextContent = (i: number) => {
    for (let j = i + 1; j < raws.length; j++) {
      const r = raws[j];
      if (r && !r.blank && !SEPARATOR.test(r.text)) return r;
    }
    return undefined;
  };

  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i];
    if (!raw || raw.blank) {
      prevKind = 'other';
      continue;
    }
    const n = i + 1;
    const trimmed = raw.text.trim();
    const gap = i === 0 || (raws[i - 1]?.blank ?? true);
    const prev = raws[i - 1];
    const underlineOf = !gap && prev && UNDERLINE.test(raw.text) && out.at(-1)?.line === i;
    if (underlineOf) {
      // "Title\n=====": the title line, already read as text, becomes a heading.
      const title = out.at(-1);
      if (title && (title.role === 'text' || title.role === 'heading')) {
        // The whole paragraph above the underline is the title, as in Markdown. Its first
        // underline sets its level; more right below it (an underline's record has no text) only
        // extend it: walking the paragraph again for each made a run of them quadratic.
        for (let k = out.length - 1; title.text !== '' && out[k]?.block === title.block; k--) {
          const r = out[k] as SourceLine;
          r.role = 'heading';
          r.level = raw.text.includes('=') ? 1 : 2;
        }
        out.push(
          sourceLine({
            line: n,
            text: '',
            role: 'heading',
            level: title.level,
            block: title.block,
          }),
        );
        prevKind = 'other';
        continue;
      }
    }
    if (SEPARATOR.test(raw.text)) {
      out.push(sourceLine({ line: n, text: trimmed, role: 'skip', reason: 'separator', gap }));
      prevKind = 'other';
      continue;
    }

    while (stack.length > 0 && (stack.at(-1) ?? 0) > raw.indent) stack.pop();
    if (stack.length === 0 || (stack.at(-1) ?? 0) < raw.indent) stack.push(raw.indent);
    const depth = stack.length - 1;

    const reason = contentlessReason(trimmed);
    if (reason) {
      out.push(sourceLine({ line: n, text: trimmed, role: 'skip', reason, gap, depth }));
      prevKind = 'other';
      continue;
    }

    const emoji = emojiBullet(raws, i);
    const bullet = emoji
      ? { marker: emoji, ordered: false, number: null, text: trimmed.slice(emoji.length).trim() }
      : parseBullet(trimmed);
    const next = nextContent(i);
    const parent = next !== undefined && next.indent > raw.indent;

    if (bullet && bullet.text !== '') {
      block++;
      out.push(
        sourceLine({
          line: n,
          text: stripTaskBox(bullet.text),
          role: 'item',
          depth,
          block,
          ordered: bullet.ordered,
          number: bullet.number,
          gap,
        }),
      );
      prevKind = 'item';
      prevIndent = raw.indent;
      continue;
    }
    if (parent) {
      // A line that deeper lines hang from heads them.
      block++;
      out.push(
        sourceLine({ line: n, text: trimmed, role: 'heading', level: depth + 1, block, gap }),
      );
      prevKind = 'other';
      continue;
    }
    // A lowercase line right under an item or a line of the same indentation continues it.
    const continues =
      !gap &&
      ((prevKind === 'text' && raw.indent === prevIndent) ||
        (prevKind === 'item' && raw.indent > prevIndent && /^\p{Ll}/u.test(trimmed)));
    if (!continues) block++;
    out.push(
      sourceLine({
        line: n,
        text: trimmed,
        role: 'text',
        depth: continues ? (out.at(-1)?.depth ?? depth) : depth,
        block,
        gap,
      }),
    );
    if (!continues) {
      prevKind = 'text';
      prevIndent = raw.indent;
    }
  }
  return out;
}
