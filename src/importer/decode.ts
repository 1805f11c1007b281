/** Turns the uploaded bytes (or pasted text) into text, refusing what cannot be a nexus document. */

import { WINDOWS_1252_HIGH } from './repair.js';

export class ImportError extends Error {
  override name = 'ImportError';
}

export const DEFAULT_MAX_BYTES = 256 * 1024;

export interface Decoded {
  text: string;
  /** Set when the bytes were not UTF-8 and another decoding was used. */
  note: string | null;
}

function sizeLabel(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} bytes`;
}

/**
 * C0 controls other than tab, line feed, form feed and carriage return, and the C1 block: text
 * never has many of them, binary data always does.
 */
function isControl(code: number): boolean {
  return (
    code <= 0x08 ||
    code === 0x0b ||
    (code >= 0x0e && code <= 0x1f) ||
    (code >= 0x7f && code <= 0x9f)
  );
}

function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let controls = 0;
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) controls++;
  const replacements = text.match(/\ufffd/g)?.length ?? 0;
  const size = Math.max(text.length, 1);
  return controls > size * 0.01 || replacements > size * 0.05;
}

// Decoded by hand: some Node versions decode "windows-1252" as ISO-8859-1, yielding controls.
function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes)
    text +=
      byte >= 0x80 && byte < 0xa0 ? WINDOWS_1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return text;
}

function decodeBytes(bytes: Uint8Array): Decoded {
  // UTF-16 files carry NUL bytes for every ASCII character; a BOM tells them from binary.
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return {
      text: new TextDecoder('utf-16le').decode(bytes.subarray(2)),
      note: 'The file is UTF-16; it was converted',
    };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return {
      text: new TextDecoder('utf-16be').decode(bytes.subarray(2)),
      note: 'The file is UTF-16; it was converted',
    };
  if (bytes.includes(0)) throw new ImportError('This looks like binary data, not text');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), note: null };
  } catch {
    // Not UTF-8: a file saved by an old editor in Windows-1252 is still text.
    return {
      text: decodeWindows1252(bytes),
      note: 'The file is not valid UTF-8; it was read as Windows-1252',
    };
  }
}

export function decodeInput(input: string | Uint8Array, maxBytes = DEFAULT_MAX_BYTES): Decoded {
  const size = typeof input === 'string' ? new TextEncoder().encode(input).length : input.length;
  if (size > maxBytes) throw new ImportError(`The file is over ${sizeLabel(maxBytes)}`);
  const decoded = typeof input === 'string' ? { text: input, note: null } : decodeBytes(input);
  const text = decoded.text.replace(/^\ufeff/, '');
  if (text.trim() === '') throw new ImportError('The file is empty');
  if (looksBinary(text)) throw new ImportError('This looks like binary data, not text');
  return { text, note: decoded.note };
}
