import { MAX_COLUMNS } from './limits.ts';
import { FileFormatError } from './types.ts';

export const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * Counts each candidate delimiter per record (outside quotes) over the first records of the sniffed text.
 * The winner is the candidate that appears on every sampled record the same number of times; ties go to
 * the higher count, then to the order of DELIMITERS (',' first). Only whole records are used, so a record
 * cut by the sniff window does not skew the counts. With `given`, only the column-count check runs.
 */
export const detectDelimiter = (text: string, truncated: boolean, given?: string): string => {
  const counts = recordCounts(text, truncated, given ? 1 : 50, given);
  if (given) return given;
  let best: { d: string; score: number } = { d: ',', score: -1 };
  for (const d of DELIMITERS) {
    const perRecord = counts.map((c) => c[d] ?? 0);
    if (perRecord.length === 0 || perRecord[0] === 0) continue;
    const first = perRecord[0]!;
    const consistent = perRecord.filter((n) => n === first).length / perRecord.length;
    // Consistency matters most; the count only breaks ties (a name column full of commas in a ';' file
    // gives ',' an uneven count).
    const score = consistent * 1000 + Math.min(first, 999);
    if (score > best.score) best = { d, score };
  }
  return best.d;
};

/**
 * Quote-aware counts of each candidate per record. Throws 'too_many_columns' as soon as the first record
 * has more than MAX_COLUMNS cells, so a 100k-column header is rejected from the sniff window alone.
 */
const recordCounts = (text: string, truncated: boolean, maxRecords: number, only?: string) => {
  const out: Record<string, number>[] = [];
  let cur: Record<string, number> = {};
  let inQuotes = false;
  let fieldStart = true;
  for (let i = 0; i < text.length && out.length < maxRecords; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (ch === '"' && fieldStart) {
      inQuotes = true;
      fieldStart = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      out.push(cur);
      cur = {};
      fieldStart = true;
    } else if (ch === ',' || ch === ';' || ch === '\t' || ch === '|') {
      const n = (cur[ch] ?? 0) + 1;
      cur[ch] = n;
      if (out.length === 0 && n >= MAX_COLUMNS && (only === undefined || only === ch)) tooMany(ch, n + 1);
      fieldStart = true;
    } else fieldStart = false;
  }
  if (!truncated && Object.keys(cur).length > 0) out.push(cur);
  if (out.length === 0 && truncated) out.push(cur); // one giant first record: judge by what we have
  return out;
};

const tooMany = (d: string, n: number) => {
  // The header alone already has more separators than we accept columns: stop before parsing it.
  throw new FileFormatError(
    'too_many_columns',
    `The first row has at least ${n} columns (separator "${d === '\t' ? '\\t' : d}"); at most ${MAX_COLUMNS} are supported`,
    1,
  );
};
