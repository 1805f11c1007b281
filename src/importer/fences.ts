/**
 * Parsing with micromark/mdast (plus GFM tables), with one repair: a fence that is never closed
 * would swallow the rest of the file, so it is taken to end before the first section heading that
 * follows a blank line; that blank line becomes the closing fence (it held nothing, so no line is
 * lost and numbering is unchanged).
 */

import type { Nodes, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import { classifyHeading } from './classify.js';
import { buildTopicIndex } from './topic-index.js';

export const FENCE = /^\s*(`{3,}|~{3,})/;
/** Past this many repairs, whatever the last unclosed fence holds stays code. */
const maxRepairs = 20;

function parse(source: string): Root {
  return fromMarkdown(source, {
    extensions: [gfmTable()],
    mdastExtensions: [gfmTableFromMarkdown()],
  });
}

const NO_TOPICS = buildTopicIndex([]);

/** "# Challenges" ends a runaway fence; "# install deps", a shell comment, does not. */
function isSectionKeyword(text: string): boolean {
  const kind = classifyHeading(text.replace(/^\s*#+\s*/, ''), NO_TOPICS).kind;
  return kind !== 'unknown' && kind !== 'ignore';
}

/** A top-level fenced code block that its own kind of fence never closes. */
function isUnclosedFence(node: RootContent, source: string[]): boolean {
  if (node.type !== 'code' || !node.position) return false;
  const open = FENCE.exec(source[node.position.start.line - 1] ?? '');
  if (!open?.[1]) return false;
  const end = node.position.end.line;
  const close = FENCE.exec(source[end - 1] ?? '');
  return end === node.position.start.line || !close || close[1]?.[0] !== open[1][0];
}

/** The blank line before the first section heading after line `start`, or -1. */
function closingLine(source: string[], start: number): number {
  const blank = (n: number) => (source[n - 1] ?? '').trim() === '';
  for (let n = start + 2; n <= source.length; n++) {
    const text = source[n - 1] ?? '';
    const heading = /^ {0,3}(#{1,6})[ \t]+\S/.exec(text);
    if (heading?.[1] && blank(n - 1) && (heading[1].length >= 2 || isSectionKeyword(text)))
      return n - 1;
  }
  return -1;
}

function hasDefinition(node: Nodes): boolean {
  if (node.type === 'definition') return true;
  return 'children' in node && node.children.some((child: Nodes) => hasDefinition(child));
}

/** Moves a tree parsed from a later part of the source to where that part starts. */
function shift(node: Nodes, lines: number, offset: number): void {
  for (const point of [node.position?.start, node.position?.end]) {
    if (!point) continue;
    point.line += lines;
    if (point.offset !== undefined) point.offset += offset;
  }
  if ('children' in node) for (const child of node.children) shift(child, lines, offset);
}

/**
 * The tree of `source`, each unclosed fence closed as it is found; the closing fences are written
 * into `source`, which later passes read.
 */
export function parseClosingFences(source: string[]): Root {
  let tree = parse(source.join('\n'));
  let definitions = hasDefinition(tree);
  for (let round = 0; round < maxRepairs; round++) {
    const at = tree.children.findIndex((node) => isUnclosedFence(node, source));
    const start = tree.children[at]?.position?.start.line;
    if (start === undefined) break;
    const cut = closingLine(source, start);
    if (cut < 0) break;
    source[cut - 1] = FENCE.exec(source[start - 1] ?? '')?.[1] ?? '```';
    // The blocks before a top-level fence end before it whatever follows, so only the fence
    // onward is read again: reading the whole file once per repair made a file with its unclosed
    // fences near the end cost twenty full parses. A link definition applies to the whole file,
    // so where one is involved the whole file is read again.
    const head = source.slice(0, start - 1);
    const rest = definitions ? null : parse(source.slice(start - 1).join('\n'));
    if (rest && !hasDefinition(rest)) {
      shift(rest, head.length, head.length === 0 ? 0 : head.join('\n').length + 1);
      tree.children.splice(at, tree.children.length - at, ...rest.children);
    } else {
      tree = parse(source.join('\n'));
      definitions = hasDefinition(tree);
    }
  }
  return tree;
}
