import { analyse } from 'chardet';
import iconv from 'iconv-lite';
import { FileFormatError } from './types.ts';

/** Canonical names we report; iconv-lite accepts all of them. */
const canonical = (name: string): string => {
  const n = name.toLowerCase().replace(/_/g, '-');
  if (n === 'utf8') return 'utf-8';
  // Excel and Windows tools write cp1252; it is a superset of Latin-1's printable range, and decoding
  // genuine ISO-8859-1 with it only differs for C1 control characters nobody puts in a CSV.
  if (n === 'iso-8859-1' || n === 'latin1' || n === 'cp1252') return 'windows-1252';
  return n;
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes are valid UTF-8, tolerating a multi-byte sequence cut off by the sniff window. */
const isUtf8 = (head: Uint8Array, truncated: boolean): boolean => {
  let end = head.length;
  if (truncated) {
    // Step back over at most 3 continuation bytes to the start of a possibly incomplete sequence.
    let i = end - 1;
    while (i >= 0 && end - i <= 3 && (head[i]! & 0xc0) === 0x80) i--;
    if (i >= 0 && head[i]! >= 0xc0) end = i;
  }
  try {
    strictUtf8.decode(head.subarray(0, end));
    return true;
  } catch {
    return false;
  }
};

/**
 * Guesses a text encoding from the first bytes of a file: a BOM wins; then a strict UTF-8 check (more
 * reliable than statistics for the common case); then chardet, whose answer is kept only when iconv-lite
 * can decode it; windows-1252 as the Western-European default.
 */
export const detectEncoding = (head: Uint8Array, truncated = false): string => {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.length === 0 || isUtf8(head, truncated)) return 'utf-8';
  // UTF-16 without a BOM: ASCII text then has a NUL in every other byte.
  const nulOdd = countNul(head, 1);
  const nulEven = countNul(head, 0);
  if (nulOdd > head.length / 4 && nulEven === 0) return 'utf-16le';
  if (nulEven > head.length / 4 && nulOdd === 0) return 'utf-16be';
  for (const match of analyse(head)) {
    const name = canonical(match.name);
    if (name.startsWith('utf-') || name.startsWith('utf')) continue; // already ruled out above
    if (match.confidence >= 20 && iconv.encodingExists(name)) return name;
  }
  return 'windows-1252';
};

const countNul = (head: Uint8Array, parity: 0 | 1): number => {
  let n = 0;
  for (let i = parity; i < head.length; i += 2) if (head[i] === 0) n++;
  return n;
};

/** Validates a user-chosen encoding and returns its canonical name. */
export const checkEncoding = (encoding: string): string => {
  const name = canonical(encoding);
  if (!iconv.encodingExists(name))
    throw new FileFormatError('bad_encoding', `Unknown encoding "${encoding}"`);
  return name;
};

/**
 * Decodes a byte stream to strings. UTF-8 goes through TextDecoder (fast path, BOM stripped); everything
 * else through iconv-lite, which also strips its BOM. Invalid UTF-8 later in the file becomes U+FFFD.
 */
export async function* decodeChunks(chunks: AsyncIterable<Buffer>, encoding: string): AsyncGenerator<string> {
  if (encoding === 'utf-8') {
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of chunks) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
    return;
  }
  const decoder = iconv.getDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const tail = decoder.end();
  if (tail) yield tail;
}
