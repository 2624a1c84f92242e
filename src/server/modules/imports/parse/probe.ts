import path from 'node:path';
import { decodeHead } from './csv-reader.ts';
import { detectEncoding } from './encoding.ts';
import { readHead } from './file-io.ts';
import { PROBE_KEY_RECORDS, SAMPLE_ROWS, SNIFF_BYTES } from './limits.ts';
import { readRows } from './read.ts';
import {
  FileFormatError,
  type FileProbe,
  type ImportFormat,
  type ReaderOptions,
  type SourceRow,
} from './types.ts';
import { sortVcardKeys } from './vcard-reader.ts';
import { inspectXlsx } from './xlsx-zip.ts';

const EXT_FORMAT: Record<string, ImportFormat> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  vcf: 'vcf',
  vcard: 'vcf',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
};

const LABEL: Record<string, string> = {
  csv: 'a CSV (text) file',
  xlsx: 'an Excel workbook',
  vcf: 'a vCard file',
  jsonl: 'a JSON Lines file',
  zip: 'a ZIP archive',
  pdf: 'a PDF document',
  xls: 'an old Excel 97–2003 workbook (.xls)',
  binary: 'a binary file',
};

type Sniffed = ImportFormat | 'zip' | 'pdf' | 'xls' | 'binary';

const startsWith = (head: Uint8Array, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/** What the bytes say, without trusting the name. */
const sniff = (head: Buffer, truncated: boolean): Sniffed => {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) return 'xls';
  const encoding = detectEncoding(head, truncated);
  const text = decodeHead(head, encoding);
  // Control characters other than tab/CR/LF/FF mean this is not text (images, executables, …).
  let controls = 0;
  for (let i = 0; i < Math.min(text.length, 4096); i++) {
    const c = text.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32)) controls++;
  }
  if (controls > 0) return 'binary';
  const trimmed = text.replace(/^\s+/, '');
  if (/^BEGIN:VCARD/i.test(trimmed)) return 'vcf';
  if (trimmed.startsWith('{')) {
    const firstLine = trimmed.split(/\r?\n/, 1)[0]!;
    try {
      const v = JSON.parse(firstLine);
      if (v && typeof v === 'object' && !Array.isArray(v)) return 'jsonl';
    } catch {
      // A first line cut by the sniff window or not JSON at all: decide below.
    }
    if (truncated && !trimmed.includes('\n')) return 'jsonl';
  }
  return 'csv';
};

/**
 * Detects the format by content. A name whose extension claims another format than the bytes (report.xlsx
 * that is plain text, data.csv that is a zip or a PDF) is rejected with 'wrong_extension' naming both,
 * since importing it either way would be a guess; text formats disagreeing among themselves (a .txt of
 * vCards) follow the content.
 */
export const detectFormat = async (filePath: string, fileName: string): Promise<ImportFormat> => {
  const { head, truncated } = await readHead(filePath, SNIFF_BYTES);
  if (head.length === 0) throw new FileFormatError('empty_file', 'The file is empty');
  const ext = path.extname(fileName).slice(1).toLowerCase();
  const claimed = EXT_FORMAT[ext];
  const actual = sniff(head, truncated);
  const mismatch = (what: string) =>
    new FileFormatError(
      'wrong_extension',
      `"${fileName}" is named like ${LABEL[claimed ?? 'csv']} but its content is ${what}`,
    );
  if (actual === 'zip') {
    if (claimed && claimed !== 'xlsx') throw mismatch(LABEL.zip!);
    await inspectXlsx(filePath); // throws unless it is a sound workbook
    return 'xlsx';
  }
  if (actual === 'pdf' || actual === 'xls' || actual === 'binary') {
    if (claimed) throw mismatch(LABEL[actual]!);
    throw new FileFormatError(
      'unsupported_format',
      `"${fileName}" is ${LABEL[actual]}, which cannot be imported`,
    );
  }
  if (claimed === 'xlsx') throw mismatch(LABEL[actual]!);
  return actual;
};

/** Detects the format and dialect and reads the column names and the first rows. */
export const probeFile = async (
  filePath: string,
  fileName: string,
  opts: Partial<ReaderOptions> = {},
): Promise<FileProbe> => {
  const format = opts.format ?? (await detectFormat(filePath, fileName));
  const detected: FileProbe['detected'] = {};
  let columns: string[] = [];
  const sample: SourceRow[] = [];
  const keys = new Set<string>();
  const keyed = format === 'vcf' || format === 'jsonl';
  let seen = 0;
  const rows = readRows(filePath, { ...opts, format }, undefined, {
    onDetected: (d) => Object.assign(detected, d),
    onColumns: (c) => {
      columns = c;
    },
  });
  for await (const row of rows) {
    if (sample.length < SAMPLE_ROWS) sample.push(row);
    if (keyed) for (const k of Object.keys(row.values)) keys.add(k);
    // Tabular formats know their columns from the header; keyed ones need more records to see every key.
    if (++seen >= (keyed ? PROBE_KEY_RECORDS : SAMPLE_ROWS)) break;
  }
  if (keyed) columns = format === 'vcf' ? sortVcardKeys(keys) : [...keys];
  if (format === 'xlsx') detected.encoding = undefined;
  return { format, columns, sample, detected: pruneUndefined(detected) };
};

const pruneUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
