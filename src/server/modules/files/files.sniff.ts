import fs from 'node:fs/promises';

/** What a file's first bytes say it is, whatever its name claims. */
export type SniffedType = 'xlsx' | 'zip' | 'pdf' | 'gzip' | 'vcard' | 'jsonl' | 'text' | 'binary' | 'empty';

const utf8Bom = [0xef, 0xbb, 0xbf];

/** Sniffs a buffer's type from its leading bytes (at most the first 4 KiB are looked at). */
export function sniffBytes(head: Uint8Array, zipEntries?: string[]): SniffedType {
  if (head.length === 0) return 'empty';
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) {
    if (zipEntries?.some((e) => e.startsWith('xl/'))) return 'xlsx';
    return 'zip';
  }
  if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) return 'pdf';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  // UTF-16 text (with a BOM) is text; other NUL bytes mean binary.
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (!utf16 && head.subarray(0, 4096).includes(0)) return 'binary';
  const start = utf8Bom.every((b, i) => head[i] === b) ? 3 : 0;
  const text = utf16
    ? new TextDecoder(head[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(head.subarray(2, 4096))
    : new TextDecoder('latin1').decode(head.subarray(start, 4096));
  const first = text.trimStart();
  if (/^BEGIN:VCARD/i.test(first)) return 'vcard';
  if (first.startsWith('{')) return 'jsonl';
  return 'text';
}

/** Reads the first 4 KiB of a stored file and sniffs them. */
export async function sniffFile(filePath: string, zipEntries?: string[]): Promise<SniffedType> {
  const fh = await fs.open(filePath, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, 4096, 0);
    return sniffBytes(buf.subarray(0, bytesRead), zipEntries);
  } finally {
    await fh.close();
  }
}
