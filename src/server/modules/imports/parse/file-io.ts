import fs from 'node:fs';
import { MAX_RECORD_BYTES } from './limits.ts';
import { FileFormatError } from './types.ts';

/** The first `bytes` bytes of a file (fewer when the file is shorter) and whether the file goes on. */
export const readHead = async (
  path: string,
  bytes: number,
): Promise<{ head: Buffer; truncated: boolean }> => {
  const fh = await fs.promises.open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes + 1);
    const { bytesRead } = await fh.read(buf, 0, bytes + 1, 0);
    return { head: buf.subarray(0, Math.min(bytesRead, bytes)), truncated: bytesRead > bytes };
  } finally {
    await fh.close();
  }
};

export const fileChunks = (path: string): AsyncIterable<Buffer> =>
  fs.createReadStream(path, { highWaterMark: 256 * 1024 });

/**
 * Splits decoded text into lines (LF or CRLF; the line terminator is dropped), numbering them from 1.
 * Lines longer than MAX_RECORD_BYTES stop the read: without the cap one newline-less gigabyte would be
 * buffered whole.
 */
export async function* splitLines(
  text: AsyncIterable<string>,
): AsyncGenerator<{ lineNo: number; line: string }> {
  let rest = '';
  let lineNo = 0;
  for await (const chunk of text) {
    let start = 0;
    let nl = chunk.indexOf('\n');
    if (nl < 0) {
      rest += chunk;
      if (rest.length > MAX_RECORD_BYTES) throw tooLong(lineNo + 1);
      continue;
    }
    while (nl >= 0) {
      let line = rest + chunk.slice(start, nl);
      rest = '';
      if (line.endsWith('\r')) line = line.slice(0, -1);
      yield { lineNo: ++lineNo, line };
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    rest = chunk.slice(start);
    if (rest.length > MAX_RECORD_BYTES) throw tooLong(lineNo + 1);
  }
  if (rest.endsWith('\r')) rest = rest.slice(0, -1);
  if (rest) yield { lineNo: ++lineNo, line: rest };
}

const tooLong = (lineNo: number) =>
  new FileFormatError('field_too_large', `Line ${lineNo} is longer than ${MAX_RECORD_BYTES} bytes`, lineNo);
