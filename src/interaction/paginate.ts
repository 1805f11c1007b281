import type { Button } from './message.js';

/**
 * Splits text blocks into pages of at most `budget` characters (joined by blank lines), keeping
 * blocks whole where they fit and splitting an oversized block at whitespace, so nothing is cut.
 */
export function paginate(
  blocks: readonly string[],
  budget: number,
  maxBlocks = Infinity,
): string[] {
  const pages: string[] = [];
  let current: string[] = [];
  let size = 0;
  const flush = () => {
    if (current.length > 0) pages.push(current.join('\n\n'));
    current = [];
    size = 0;
  };
  for (const block of blocks.flatMap((b) => splitOversized(b, budget))) {
    const added = (current.length > 0 ? 2 : 0) + block.length;
    if (current.length > 0 && (size + added > budget || current.length >= maxBlocks)) flush();
    size += (current.length > 0 ? 2 : 0) + block.length;
    current.push(block);
  }
  flush();
  return pages;
}

function splitOversized(block: string, budget: number): string[] {
  const pieces: string[] = [];
  let rest = block;
  while (rest.length > budget) {
    const cut = rest.lastIndexOf(' ', budget);
    const at = cut > budget / 2 ? cut : budget;
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/** Clamps a requested page into range, so a stale button after edits still lands somewhere. */
export function clampPage(page: number, pageCount: number): number {
  if (!Number.isFinite(page) || page < 0) return 0;
  return Math.min(Math.floor(page), Math.max(0, pageCount - 1));
}

/** Previous/Next for page `page` of `pages`; the target page travels in each button's customId. */
export function pageButtons(
  page: number,
  pages: number,
  idFor: (page: number) => string,
): Button[] {
  if (pages <= 1) return [];
  return [
    { customId: idFor(page - 1), label: '◀ Previous', disabled: page === 0 },
    { customId: idFor(page + 1), label: 'Next ▶', disabled: page === pages - 1 },
  ];
}
