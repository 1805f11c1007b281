import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Attachment } from './command.js';

/**
 * The bytes of an uploaded file: from Discord's CDN, or from disk when the local console passes a
 * path as a file: URL. Refuses anything over `maxBytes`, whatever the upload claimed.
 */
export async function readAttachment(
  attachment: Attachment,
  maxBytes: number,
): Promise<Uint8Array> {
  if (attachment.url.startsWith('file:'))
    return new Uint8Array(await readFile(fileURLToPath(attachment.url)));
  const response = await fetch(attachment.url, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok)
    throw new Error(`Could not download ${attachment.name}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > maxBytes)
    throw new RangeError(`${attachment.name} is over ${maxBytes} bytes`);
  return bytes;
}
