/** Lowercases and keeps letters, digits and single hyphens: "ALX Travel App" -> "alx-travel-app". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Shortens text to `max` characters at a word boundary, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const slice = text.slice(0, max - 1);
  const space = slice.lastIndexOf(' ');
  return `${(space > max / 2 ? slice.slice(0, space) : slice).trimEnd()}…`;
}

/** Escapes the characters that would turn a name into Markdown (bold, italics, code, spoilers). */
export function escapeInline(text: string): string {
  return text.replace(/([\\*_~`|])/g, '\\$1');
}
