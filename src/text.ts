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

/**
 * A whole number with thousands separators, as English writes it: 12,345. Not toLocaleString,
 * whose first call makes the process touch about a MiB of ICU's number data for good.
 */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Escapes the characters that would turn a name into Markdown (bold, italics, code, spoilers). */
export function escapeInline(text: string): string {
  return text.replace(/([\\*_~`|])/g, '\\$1');
}

/** Control characters (C0, DEL, C1), but tab and newline, which text fields keep. */
const controls = /(?![\t\n])\p{Cc}/gu;
/** What shows nothing on screen: zero-width spaces and joiners, bidi marks, the BOM… */
const invisible = /[\p{Default_Ignorable_Code_Point}\p{White_Space}]/gu;

/**
 * Text as stored: Unicode NFC, line breaks as `\n`, and no control characters (ESC, BEL, NUL…)
 * that a terminal, an export or an import would trip on. Invisible characters stay: emoji need
 * their joiners.
 */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').replace(controls, '');
}

/** Whether text would show nothing at all: only spaces, invisible characters or nothing. */
export function isBlank(text: string): boolean {
  return text.replace(invisible, '') === '';
}

/**
 * A Markdown link whose address cannot end early or start another link: the characters Markdown
 * reads there (brackets, parentheses, angle brackets, spaces, emphasis marks) are percent-encoded,
 * which leaves the address it points to unchanged.
 */
export function markdownLink(label: string, url: string): string {
  const address = url.replace(
    /[()[\]<>\s`*_~|\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `[${escapeInline(label)}](${address})`;
}

/** An http(s) address with a host, as the URL standard reads it; undefined for anything else. */
export function httpAddress(text: string): string | undefined {
  if (!URL.canParse(text)) return undefined;
  const url = new URL(text);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname.includes('.'))
    return undefined;
  return url.href;
}
