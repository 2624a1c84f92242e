import { decodeChunks } from './encoding.ts';
import { fileChunks, splitLines } from './file-io.ts';
import { MAX_COLUMNS } from './limits.ts';
import { type RowProblem, rowProblem, type SourceRow } from './types.ts';

/** Nested objects → dotted keys ('address.city'); arrays → values joined with ', '; null → ''. */
export const flattenJson = (
  value: unknown,
  prefix = '',
  out: Record<string, string> = {},
): Record<string, string> => {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flattenJson(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out[prefix] = scalarText(value);
  return out;
};

const scalarText = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v))
    return v
      .map(scalarText)
      .filter((s) => s !== '')
      .join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

/** Streams JSON Lines: one object per line, numbered by line; blank lines are skipped. */
export async function* readJsonl(
  path: string,
  onProblem: (p: RowProblem) => void,
): AsyncGenerator<SourceRow> {
  for await (const { lineNo, line } of splitLines(decodeChunks(fileChunks(path), 'utf-8'))) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err) {
      onProblem(rowProblem(lineNo, null, 'json_invalid', { detail: (err as Error).message }));
      continue;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      onProblem(rowProblem(lineNo, null, 'json_not_object'));
      continue;
    }
    const values = flattenJson(parsed);
    if (Object.keys(values).length > MAX_COLUMNS) {
      onProblem(rowProblem(lineNo, null, 'json_too_many_fields', { max: MAX_COLUMNS }));
      continue;
    }
    yield { rowNo: lineNo, values };
  }
}
