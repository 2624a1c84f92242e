import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readRows } from './read.ts';
import type { ReaderOptions, RowProblem, SourceRow } from './types.ts';

/** Test-only helpers: temporary files and collecting a reader's output. */
export const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-parse-'));

export const writeTemp = (name: string, content: string | Buffer): string => {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
};

export const collect = async (
  file: string,
  opts: ReaderOptions & { columns?: string[] },
): Promise<{ rows: SourceRow[]; problems: RowProblem[] }> => {
  const rows: SourceRow[] = [];
  const problems: RowProblem[] = [];
  for await (const row of readRows(file, opts, (p) => problems.push(p))) rows.push(row);
  return { rows, problems };
};
