/**
 * Repairs UTF-8 text that was decoded with a single-byte code page on the way (Mac Roman, as in
 * seed 002, or Windows-1252): every non-ASCII character is mapped back to the byte it came from
 * and the bytes are decoded as UTF-8 again. Only sequences that form valid UTF-8 are restored;
 * remnants of sequences whose bytes were lost are removed, but only in a document that shows
 * the same mis-decoding elsewhere, so legitimate accented text is never touched.
 */

export interface RepairReport {
  /** Sequences restored to the character they encoded. */
  repaired: number;
  /** Broken remnants removed, with the 1-based line they were on. */
  removed: { line: number; text: string }[];
  /** What was restored, one entry per distinct sequence, most frequent first. */
  restored: { from: string; to: string; count: number }[];
  /** Human-readable lines for the report, e.g. `"‚Äì" → "–" (3×)`. */
  samples: string[];
  /** The code page the text had been wrongly decoded with, when a repair was made. */
  encoding: 'mac-roman' | 'windows-1252' | null;
}

type Encoding = NonNullable<RepairReport['encoding']>;

// Bytes 0x80..0xFF of each code page, in order.
const MAC_ROMAN =
  'ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü' +
  '†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø' +
  '¿¡¬√ƒ≈∆«»…\u00a0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ' +
  '‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uf8ffÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ';
/** Windows-1252 bytes 0x80..0x9F; the five it leaves undefined keep their C1 control. */
export const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const WINDOWS_1252 =
  WINDOWS_1252_HIGH + Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i)).join('');

function table(chars: string, extra: [string, number][] = []): Map<string, number> {
  const map = new Map<string, number>();
  Array.from(chars).forEach((char, i) => {
    map.set(char, 0x80 + i);
  });
  for (const [char, byte] of extra) map.set(char, byte);
  return map;
}

const TABLES: Record<Encoding, Map<string, number>> = {
  // Mac Roman had the currency sign at 0xDB before 1998; both spellings occur.
  'mac-roman': table(MAC_ROMAN, [['¤', 0xdb]]),
  'windows-1252': table(WINDOWS_1252),
};

type Piece =
  | { kind: 'keep'; text: string }
  | { kind: 'restore'; from: string; to: string; multibyte: boolean }
  | { kind: 'remnant'; text: string };

const isContinuation = (byte: number) => byte >= 0x80 && byte <= 0xbf;

/** How many continuation bytes a lead byte announces, with the range its first one must be in. */
function lead(byte: number): { need: number; min: number; max: number } | null {
  if (byte >= 0xc2 && byte <= 0xdf) return { need: 1, min: 0x80, max: 0xbf };
  if (byte === 0xe0) return { need: 2, min: 0xa0, max: 0xbf };
  if (byte === 0xed) return { need: 2, min: 0x80, max: 0x9f };
  if (byte >= 0xe1 && byte <= 0xef) return { need: 2, min: 0x80, max: 0xbf };
  if (byte === 0xf0) return { need: 3, min: 0x90, max: 0xbf };
  if (byte >= 0xf1 && byte <= 0xf3) return { need: 3, min: 0x80, max: 0xbf };
  if (byte === 0xf4) return { need: 3, min: 0x80, max: 0x8f };
  return null;
}

function decodeSequence(bytes: number[]): number {
  const [first = 0, ...rest] = bytes;
  const bits = bytes.length === 2 ? first & 0x1f : bytes.length === 3 ? first & 0x0f : first & 0x07;
  return rest.reduce((cp, byte) => (cp << 6) | (byte & 0x3f), bits);
}

/** Splits one run of code-page characters into kept, restorable and broken pieces. */
function scanRun(chars: string[], bytes: number[]): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] ?? 0;
    const head = lead(byte);
    if (head) {
      let got = 0;
      while (
        got < head.need &&
        i + 1 + got < bytes.length &&
        (got === 0
          ? (bytes[i + 1] ?? 0) >= head.min && (bytes[i + 1] ?? 0) <= head.max
          : isContinuation(bytes[i + 1 + got] ?? 0))
      )
        got++;
      const from = chars.slice(i, i + 1 + got).join('');
      if (got === head.need) {
        const cp = decodeSequence(bytes.slice(i, i + 1 + got));
        pieces.push({ kind: 'restore', from, to: String.fromCodePoint(cp), multibyte: got >= 2 });
      } else if (got >= 1) {
        pieces.push({ kind: 'remnant', text: from });
      } else {
        pieces.push({ kind: 'keep', text: from });
      }
      i += 1 + got;
      continue;
    }
    if (isContinuation(byte)) {
      let end = i;
      while (end < bytes.length && isContinuation(bytes[end] ?? 0)) end++;
      const text = chars.slice(i, end).join('');
      // A lone continuation character is an ordinary letter (ü, é); two or more in a row are
      // what is left of a sequence whose lead byte was lost.
      pieces.push(end - i >= 2 ? { kind: 'remnant', text } : { kind: 'keep', text });
      i = end;
      continue;
    }
    pieces.push({ kind: 'keep', text: chars[i] ?? '' });
    i++;
  }
  return pieces;
}

interface LinePieces {
  line: number;
  pieces: Piece[];
}

function scan(lines: string[], map: Map<string, number>): LinePieces[] {
  return lines.map((text, index) => {
    const pieces: Piece[] = [];
    let run: string[] = [];
    const flush = () => {
      if (run.length === 0) return;
      pieces.push(
        ...scanRun(
          run,
          run.map((c) => map.get(c) ?? 0),
        ),
      );
      run = [];
    };
    for (const char of text) {
      if (map.has(char)) run.push(char);
      else {
        flush();
        pieces.push({ kind: 'keep', text: char });
      }
    }
    flush();
    return { line: index + 1, pieces };
  });
}

/** A two-byte sequence alone is weak evidence ("“Ü" is legitimate Mac text for U+0486). */
function accepted(piece: Extract<Piece, { kind: 'restore' }>, strong: boolean): boolean {
  if (piece.multibyte || strong) return true;
  const cp = piece.to.codePointAt(0) ?? 0;
  return cp >= 0xa0 && cp <= 0x24f;
}

function evidence(scanned: LinePieces[]): number {
  let count = 0;
  for (const { pieces } of scanned)
    for (const piece of pieces) if (piece.kind === 'restore' && piece.multibyte) count++;
  return count;
}

/** Joins a line, dropping the space a removed remnant leaves ("üìå Program" → "Program"). */
function joinParts(parts: (string | null)[]): string {
  let result = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part !== null) {
      result += part;
      continue;
    }
    const atStart = result.trim() === '';
    const next = parts[i + 1];
    if ((atStart || result.endsWith(' ')) && next === ' ') i++;
  }
  return result;
}

export function repairMojibake(text: string): { text: string; report: RepairReport } {
  const lines = text.split('\n');
  const none: RepairReport = {
    repaired: 0,
    removed: [],
    restored: [],
    samples: [],
    encoding: null,
  };
  // Pure ASCII (the common case) has nothing to repair.
  if (![...text].some((c) => c.charCodeAt(0) > 0x7f)) return { text, report: none };

  const candidates = (Object.keys(TABLES) as Encoding[]).map((encoding) => {
    const scanned = scan(lines, TABLES[encoding]);
    return { encoding, scanned, strength: evidence(scanned) };
  });
  const best = candidates.sort((a, b) => b.strength - a.strength)[0];
  if (!best) return { text, report: none };
  const strong = best.strength > 0;

  const counts = new Map<string, { from: string; to: string; count: number }>();
  const removed: RepairReport['removed'] = [];
  let repaired = 0;
  const out = best.scanned.map(({ line, pieces }) => {
    // `null` marks a removed remnant until the line is joined, so spacing can be tidied.
    const parts: (string | null)[] = [];
    for (const piece of pieces) {
      if (piece.kind === 'restore' && accepted(piece, strong)) {
        parts.push(piece.to);
        repaired++;
        const key = `${piece.from}\u0000${piece.to}`;
        const entry = counts.get(key) ?? { from: piece.from, to: piece.to, count: 0 };
        entry.count++;
        counts.set(key, entry);
      } else if (piece.kind === 'remnant' && strong) {
        removed.push({ line, text: piece.text });
        parts.push(null);
      } else {
        parts.push(piece.kind === 'restore' ? piece.from : piece.text);
      }
    }
    return joinParts(parts);
  });

  if (repaired === 0 && removed.length === 0) return { text, report: none };
  const restored = [...counts.values()].sort((a, b) => b.count - a.count);
  const samples = [
    ...restored.map((r) => `"${r.from}" → "${r.to}" (${r.count}×)`),
    ...removed.map((r) => `line ${r.line}: removed broken "${r.text}"`),
  ];
  return {
    text: out.join('\n'),
    report: { repaired, removed, restored, samples, encoding: best.encoding },
  };
}
