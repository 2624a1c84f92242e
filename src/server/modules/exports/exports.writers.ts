import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { ContactDto } from '../../../shared/contacts.ts';
import type { ExportFormat } from '../../../shared/exports.ts';
import { toMajorString } from '../../../shared/money.ts';
import { csvText, xlsxText } from './cell-safety.ts';
import type { CellType, CellValue, ExportColumn, Lang, Money } from './exports.columns.ts';
import { moneyFormat } from './exports.columns.ts';
import { contactToVcard } from './exports.vcard.ts';

/** Streams rows of one list to a file: `begin` once with the first page, `write` per page, `end` once. */
export type RowWriter<T> = {
  begin(sample: T[]): Promise<void>;
  write(rows: T[]): Promise<void>;
  end(): Promise<void>;
  /** Stops after a failure or a cancel: whatever the library still writes goes nowhere. */
  abort(): void;
};

export const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  vcf: 'text/vcard; charset=utf-8',
};

/** Detaches a library's output from the file so that late writes after an abort are dropped quietly. */
function detach(from: Readable, out: Writable) {
  from.unpipe(out);
  from.on('error', () => {});
  from.resume();
}

/** Waits while the destination's buffer is full, so a fast database never piles rows up in memory. */
async function drained(out: Writable) {
  if (out.writableNeedDrain) await once(out, 'drain');
}

/**
 * Date-times as wall-clock time in a zone. The zone's offset is looked up once per UTC hour (offsets change
 * on whole hours), not per cell: a million rows cost a few thousand Intl calls.
 */
export function wallClock(timeZone: string) {
  if (timeZone === 'UTC') return (ms: number) => ms;
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const offsets = new Map<number, number>();
  return (ms: number) => {
    const hour = Math.floor(ms / 3_600_000);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      const at = hour * 3_600_000;
      const p = Object.fromEntries(fmt.formatToParts(at).map((x) => [x.type, x.value]));
      offset = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!) - at;
      offsets.set(hour, offset);
    }
    return ms + offset;
  };
}

const isMoney = (v: CellValue): v is Money => typeof v === 'object' && v !== null && !Array.isArray(v);
const majorNumber = (m: Money) => {
  try {
    return Number(toMajorString(m.amount, m.currency));
  } catch {
    return m.amount / 100; // a custom money field in a currency without known minor units
  }
};
const majorText = (m: Money) => {
  try {
    return toMajorString(m.amount, m.currency);
  } catch {
    return String(m.amount / 100);
  }
};

const pad = (n: number) => String(n).padStart(2, '0');
const utcText = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

/** CSV: UTF-8 with a BOM (Excel then reads accents right), a header row, text cells neutralised. */
export function csvWriter<T>(
  out: Writable,
  columns: ExportColumn<T>[],
  lang: Lang,
  timeZone: string,
): RowWriter<T> {
  const local = wallClock(timeZone);
  const csv = stringify({ bom: true, record_delimiter: '\r\n' });
  csv.pipe(out, { end: false });
  const cell = (type: CellType, v: CellValue): string => {
    if (v === null || v === undefined || v === '') return '';
    if (isMoney(v)) return type === 'money' ? majorText(v) : csvText(`${majorText(v)} ${v.currency}`);
    if (Array.isArray(v)) return csvText(v.join('; '));
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return String(v);
    if (type === 'datetime') return utcText(local(Date.parse(v)));
    if (type === 'date') return v;
    return csvText(v);
  };
  const put = async (record: string[]) => {
    if (!csv.write(record)) await once(csv, 'drain');
  };
  return {
    begin: () => put(columns.map((c) => csvText(c.header[lang]))),
    async write(rows) {
      for (const r of rows) await put(columns.map((c) => cell(c.type, c.value(r))));
      await drained(out);
    },
    async end() {
      const done = once(csv, 'end');
      csv.end();
      await done;
    },
    abort: () => detach(csv, out),
  };
}

const typeWidth: Record<CellType, number> = {
  text: 18,
  list: 24,
  integer: 10,
  decimal: 12,
  date: 12,
  datetime: 18,
  money: 15,
  boolean: 8,
};
const numFmts: Partial<Record<CellType, string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  integer: '0',
  decimal: '#,##0.####',
};

/**
 * XLSX through exceljs's streaming writer (no shared-string table, so memory stays flat): typed cells
 * (dates as dates, numbers as numbers, money as a number in its currency's format), text always as text,
 * a bold frozen header with an auto filter, column widths from the headers and the first page.
 */
export function xlsxWriter<T>(
  out: Writable,
  columns: ExportColumn<T>[],
  lang: Lang,
  timeZone: string,
  sheetName: string,
): RowWriter<T> {
  const local = wallClock(timeZone);
  // exceljs writes into `mid`, which is cut off from the file on abort (exceljs itself cannot stop).
  const mid = new PassThrough();
  mid.pipe(out, { end: false });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: mid,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'Rapport';
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const cell = (type: CellType, v: CellValue): ExcelJS.CellValue => {
    if (v === null || v === undefined || v === '') return null;
    if (isMoney(v)) return majorNumber(v);
    if (Array.isArray(v)) return xlsxText(v.join('; '));
    if (typeof v === 'boolean' || typeof v === 'number') return v;
    if (type === 'date') return new Date(`${v}T00:00:00Z`);
    if (type === 'datetime') return new Date(local(Date.parse(v)));
    return xlsxText(v);
  };
  const add = (row: T) => {
    const values = columns.map((c) => c.value(row));
    const r = ws.addRow(values.map((v, i) => cell(columns[i]!.type, v)));
    values.forEach((v, i) => {
      if (isMoney(v)) r.getCell(i + 1).numFmt = moneyFormat(v.currency);
    });
    r.commit();
  };
  return {
    async begin(sample) {
      ws.columns = columns.map((c) => {
        const header = c.header[lang];
        const seen = sample.map((r) => {
          const v = c.value(r);
          if (c.type !== 'text' && c.type !== 'list') return 0;
          return Array.isArray(v) ? v.join('; ').length : typeof v === 'string' ? v.length : 0;
        });
        const width = c.width ?? Math.max(typeWidth[c.type], ...seen.map((n) => n + 2));
        return {
          header: xlsxText(header),
          key: c.key,
          width: Math.min(60, Math.max(width, header.length + 4)),
          style: numFmts[c.type] ? { numFmt: numFmts[c.type] } : {},
        };
      });
      const head = ws.getRow(1);
      head.font = { bold: true };
      head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } };
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
      head.commit();
    },
    async write(rows) {
      for (const r of rows) add(r);
      await drained(out);
    },
    async end() {
      ws.commit();
      const flushed = once(mid, 'end');
      await wb.commit();
      await flushed;
    },
    abort: () => detach(mid, out),
  };
}

/** vCards, one after another (RFC 6350 allows several in one file). */
export function vcfWriter(out: Writable): RowWriter<ContactDto> {
  return {
    async begin() {},
    async write(rows) {
      if (!rows.length) return;
      if (!out.write(rows.map(contactToVcard).join(''))) await once(out, 'drain');
    },
    async end() {},
    abort() {},
  };
}
