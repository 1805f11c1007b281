import type { Button } from './message.js';

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
