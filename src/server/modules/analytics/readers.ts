import { parse } from 'csv-parse/sync';
import { analyticsError } from './analytics.errors.ts';
import type { CustomerSummary, Transaction } from './summary.ts';

/** The input formats of `rapport analytics`: a ready summary, the CDNOW file, or an order log. */
export const inputFormats = ['summary', 'cdnow', 'orders'] as const;
export type InputFormat = (typeof inputFormats)[number];

const records = (text: string): Record<string, string>[] =>
  parse(text, {
    columns: (h: string[]) => h.map((c) => c.trim()),
    bom: true,
    skip_empty_lines: true,
    trim: true,
  });

const num = (v: string | undefined, where: string): number => {
  const n = v === undefined || v === '' ? Number.NaN : Number(v);
  if (!Number.isFinite(n)) throw analyticsError('invalid_number', `${where}: "${v ?? ''}" is not a number.`);
  return n;
};

const pick = (row: Record<string, string>, names: string[]) => {
  for (const n of names) if (row[n] !== undefined) return row[n];
  return undefined;
};

/**
 * A summary CSV: `ID,frequency,recency,T[,monetary_value]` (lifetimes' column names); BTYD's names
 * `x,t_x,T,zbar` (or `t.x`, `T.cal`, `m.x`) are read too.
 */
export function parseSummaryCsv(text: string): CustomerSummary[] {
  return records(text).map((row, i) => {
    const where = `Line ${i + 2}`;
    const m = pick(row, ['monetary_value', 'zbar', 'm.x']);
    return {
      id: pick(row, ['ID', 'id', 'customer_id']) ?? String(i + 1),
      frequency: num(pick(row, ['frequency', 'x']), `${where}, frequency`),
      recency: num(pick(row, ['recency', 't_x', 't.x']), `${where}, recency`),
      T: num(pick(row, ['T', 'T.cal']), `${where}, T`),
      monetaryValue: m === undefined ? 0 : num(m, `${where}, monetary value`),
    };
  });
}

/**
 * The CDNOW transaction file as distributed by Fader & Hardie: whitespace-separated, no header, CRLF,
 * columns master_id sample_id YYYYMMDD cds dollars. The customer id is the sample id without leading zeros
 * (1…2357, as in the published summaries).
 */
export function parseCdnow(text: string): Transaction[] {
  const out: Transaction[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const [, sampleId, ymd, , dollars] = line.split(/\s+/);
    if (!sampleId || !ymd || dollars === undefined || !/^\d{8}$/.test(ymd)) {
      throw analyticsError(
        'invalid_line',
        `Line ${i + 1}: expected master_id sample_id YYYYMMDD cds dollars.`,
      );
    }
    out.push({
      id: String(Number(sampleId)),
      date: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`,
      amount: num(dollars, `Line ${i + 1}, dollars`),
    });
  }
  return out;
}

/** An order log CSV with a header `customer_id,date,amount` (date `YYYY-MM-DD`, a time of day is ignored). */
export function parseOrdersCsv(text: string): Transaction[] {
  return records(text).map((row, i) => {
    const id = row.customer_id;
    const date = row.date;
    if (!id || !date) {
      throw analyticsError('invalid_line', `Line ${i + 2}: customer_id and date are required.`);
    }
    return { id, date, amount: num(row.amount, `Line ${i + 2}, amount`) };
  });
}
