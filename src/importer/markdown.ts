/**
 * The Markdown front end: parses (fences.ts) and flattens the tree into one record per source
 * line, keeping what the later passes need: heading levels, list nesting, bold labels, table
 * cells, and which lines are code, HTML, separators, badges or bare links. Code stays code, so a
 * `# comment` inside a fence is never read as a heading.
 */

import type { Nodes, Paragraph, PhrasingContent, Table } from 'mdast';
import { splitLabel } from './classify.js';
import { FENCE, parseClosingFences } from './fences.js';
import { contentlessReason, parseBullet, readPlainText, stripTaskBox } from './lines.js';
import { type SourceLine, sourceLine } from './types.js';

interface Fragment {
  text: string;
  strong: boolean;
  link: boolean;
  image: boolean;
}

const hasLetters = (text: string) => /[\p{L}\p{N}]/u.test(text);

/** Inline content spread over the source lines it came from. */
function collectInline(
  nodes: PhrasingContent[],
  into: Map<number, Fragment[]>,
  ctx: { strong: boolean; link: boolean },
): void {
  const put = (line: number, text: string, image = false) => {
    const list = into.get(line) ?? [];
    list.push({ text, strong: ctx.strong, link: ctx.link || image, image });
    into.set(line, list);
  };
  const spread = (start: number, value: string) => {
    value.split('\n').forEach((part, i) => {
      put(start + i, part);
    });
  };
  for (const node of nodes) {
    const start = node.position?.start.line ?? 0;
    switch (node.type) {
      case 'text':
      case 'inlineCode':
        spread(start, node.value);
        break;
      case 'strong':
        collectInline(node.children, into, { ...ctx, strong: true });
        break;
      case 'emphasis':
      case 'delete':
        collectInline(node.children, into, ctx);
        break;
      case 'link':
      case 'linkReference':
        collectInline(node.children, into, { ...ctx, link: true });
        break;
      case 'image':
      case 'imageReference':
        put(start, node.alt ?? '', true);
        break;
      default:
        break;
    }
  }
}

interface LineInfo {
  text: string;
  strong: boolean;
  lead: string | null;
  reason: string | null;
}

function describe(fragments: Fragment[]): LineInfo {
  const text = fragments
    .map((f) => f.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  const wordy = fragments.filter((f) => hasLetters(f.text));
  const strong = wordy.length > 0 && wordy.every((f) => f.strong);
  let lead: string | null = null;
  const firstContent = fragments.findIndex((f) => f.text.trim() !== '');
  if (firstContent >= 0 && fragments[firstContent]?.strong) {
    lead = '';
    for (const f of fragments.slice(firstContent)) {
      if (!f.strong) break;
      lead += f.text;
    }
    lead = lead.replace(/\s+/g, ' ').trim() || null;
  }
  // A bold "Label:" does not make a line of links content ("**Channel:** [Discord](…)"), but a
  // "Solution:" label does: a solution may be a link.
  let rest = wordy;
  const first = wordy[0];
  if (first?.strong && /:\s*$/.test(first.text) && splitLabel(first.text).label === null)
    rest = wordy.slice(1);
  let reason: string | null = null;
  if (rest.length > 0 && rest.every((f) => f.image)) reason = 'badge';
  else if (rest.length > 0 && rest.every((f) => f.link)) reason = 'link';
  else reason = contentlessReason(text);
  return { text, strong, lead, reason };
}

export function readMarkdown(lines: string[]): SourceLine[] {
  const source = [...lines];
  const out = new Map<number, SourceLine>();
  const blank = (i: number) => (lines[i - 1] ?? '').trim() === '';

  // Front matter ("---\ntitle: …\n---") is metadata, and Markdown would read it as a heading.
  if ((lines[0] ?? '').trim() === '---') {
    const close = lines.findIndex((l, i) => i > 0 && i < 60 && /^(?:---|\.\.\.)\s*$/.test(l));
    const body = lines.slice(1, close);
    if (close > 0 && body.some((l) => /^[\w-]+\s*:/.test(l))) {
      for (let i = 0; i <= close; i++) {
        if ((lines[i] ?? '').trim() !== '')
          out.set(
            i + 1,
            sourceLine({
              line: i + 1,
              text: (lines[i] ?? '').trim(),
              role: 'skip',
              reason: 'front matter',
            }),
          );
        source[i] = '';
      }
    }
  }

  const tree = parseClosingFences(source);

  let block = 0;
  const set = (record: SourceLine) => {
    if (!out.has(record.line)) out.set(record.line, record);
  };
  const skipRange = (from: number, to: number, reason: string) => {
    for (let n = from; n <= to; n++)
      if (!blank(n))
        set(sourceLine({ line: n, text: (lines[n - 1] ?? '').trim(), role: 'skip', reason }));
  };

  const paragraph = (
    node: Paragraph,
    depth: number,
    item: { number: number | null; ordered: boolean } | null,
  ) => {
    const pos = node.position;
    if (!pos) return;
    const frags = new Map<number, Fragment[]>();
    collectInline(node.children, frags, { strong: false, link: false });
    block++;
    for (let n = pos.start.line; n <= pos.end.line; n++) {
      const info = describe(frags.get(n) ?? []);
      const first = n === pos.start.line;
      const base = { line: n, gap: first && blank(n - 1), strong: info.strong, lead: info.lead };
      if (info.text === '') {
        if (!blank(n))
          set(
            sourceLine({
              ...base,
              text: (lines[n - 1] ?? '').trim(),
              role: 'skip',
              reason: 'markup',
            }),
          );
        continue;
      }
      if (info.reason) {
        set(sourceLine({ ...base, text: info.text, role: 'skip', reason: info.reason, depth }));
        continue;
      }
      // "• item" or "2. item" inside a paragraph: pasted lists Markdown did not recognise.
      const bullet = first && item ? null : parseBullet(info.text);
      const pasted = bullet && !/^[-*+]$/.test(bullet.marker);
      if (first && item) {
        set(
          sourceLine({
            ...base,
            text: stripTaskBox(info.text),
            role: 'item',
            depth,
            block,
            ...item,
          }),
        );
      } else if (pasted && bullet) {
        block++;
        set(
          sourceLine({
            ...base,
            text: stripTaskBox(bullet.text),
            role: 'item',
            depth,
            block,
            ordered: bullet.ordered,
            number: bullet.number,
          }),
        );
      } else {
        set(sourceLine({ ...base, text: info.text, role: 'text', depth, block }));
      }
    }
  };

  const table = (node: Table) => {
    block++;
    node.children.forEach((row, r) => {
      const pos = row.position;
      if (!pos) return;
      const cells = row.children.map((cell) => {
        const frags = new Map<number, Fragment[]>();
        collectInline(cell.children, frags, { strong: false, link: false });
        return describe([...frags.values()].flat()).text;
      });
      set(
        sourceLine({
          line: pos.start.line,
          text: cells.join(' | '),
          role: 'row',
          cells,
          header: r === 0,
          block,
        }),
      );
      if (r === 0)
        set(
          sourceLine({
            line: pos.end.line + 1,
            text: (lines[pos.end.line] ?? '').trim(),
            role: 'row',
            header: true,
            block,
          }),
        );
    });
  };

  const walk = (node: Nodes, depth: number): void => {
    const pos = node.position;
    switch (node.type) {
      case 'root':
      case 'blockquote':
        for (const child of node.children) walk(child, depth);
        return;
      case 'heading': {
        if (!pos) return;
        const frags = new Map<number, Fragment[]>();
        collectInline(node.children, frags, { strong: false, link: false });
        block++;
        for (let n = pos.start.line; n <= pos.end.line; n++)
          if (!blank(n))
            set(
              sourceLine({
                line: n,
                text: describe(frags.get(n) ?? []).text,
                role: 'heading',
                level: node.depth,
                block,
                gap: n === pos.start.line && blank(n - 1),
              }),
            );
        return;
      }
      case 'paragraph':
        paragraph(node, depth, null);
        return;
      case 'list':
        node.children.forEach((listItem, k) => {
          // The number as written: Markdown renumbers from the first item, but "2." then "1."
          // in a Solutions list means solution 2, then solution 1.
          const at = listItem.position?.start;
          const written =
            at && /^(\d{1,9})[.)]/.exec((lines[at.line - 1] ?? '').slice(at.column - 1));
          const number = node.ordered
            ? written
              ? Number(written[1])
              : (node.start ?? 1) + k
            : null;
          listItem.children.forEach((child, c) => {
            if (c === 0 && child.type === 'paragraph')
              paragraph(child, depth, { number, ordered: node.ordered === true });
            else walk(child, depth + 1);
          });
        });
        return;
      case 'code': {
        if (!pos) return;
        const fenced = FENCE.test(source[pos.start.line - 1] ?? '');
        const body = lines.slice(pos.start.line - 1, pos.end.line);
        const bullets = body.filter((l) => parseBullet(l.trim())).length;
        const filled = body.filter((l) => l.trim() !== '').length;
        // Tab-indented bullets pasted into a Markdown file are a list, not code.
        if (!fenced && filled > 0 && bullets * 2 >= filled) {
          for (const record of readPlainText(body)) {
            block++;
            set({
              ...record,
              line: record.line + pos.start.line - 1,
              depth: record.depth + depth + 1,
              block,
            });
          }
          return;
        }
        skipRange(pos.start.line, pos.end.line, 'code');
        return;
      }
      case 'html':
        if (pos) skipRange(pos.start.line, pos.end.line, 'html');
        return;
      case 'thematicBreak':
        if (pos) skipRange(pos.start.line, pos.end.line, 'separator');
        return;
      case 'definition':
        if (pos) skipRange(pos.start.line, pos.end.line, 'link');
        return;
      case 'table':
        table(node);
        return;
      default:
        if (pos) skipRange(pos.start.line, pos.end.line, 'markup');
    }
  };
  walk(tree, 0);

  // Lines no node claimed (an empty list item's marker, a lazy line) are still accounted for.
  for (let n = 1; n <= lines.length; n++)
    if (!blank(n) && !out.has(n))
      out.set(
        n,
        sourceLine({ line: n, text: (lines[n - 1] ?? '').trim(), role: 'skip', reason: 'markup' }),
      );
  return [...out.values()].sort((a, b) => a.line - b.line);
}
