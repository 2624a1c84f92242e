import { pipeline, Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { looksLikeFormula } from '../../exports/index.ts';
import { type RawRecord, type TabularOptions, tabularRows } from './columns.ts';
import { detectDelimiter } from './csv-delimiter.ts';
import { checkEncoding, decodeChunks, detectEncoding } from './encoding.ts';
import { fileChunks, readHead } from './file-io.ts';
import { MAX_RECORD_BYTES, SNIFF_BYTES } from './limits.ts';
import { FileFormatError, type RowProblem, type SourceRow } from './types.ts';

export type CsvDialect = { encoding: string; delimiter: string };

/** Encoding and delimiter of a CSV file: the given ones, else sniffed from its first 64 KiB. */
export const sniffCsv = async (path: string, given: Partial<CsvDialect> = {}): Promise<CsvDialect> => {
  const { head, truncated } = await readHead(path, SNIFF_BYTES);
  if (head.length === 0) throw new FileFormatError('empty_file', 'The file is empty');
  const encoding = given.encoding ? checkEncoding(given.encoding) : detectEncoding(head, truncated);
  const text = decodeHead(head, encoding);
  if (text.trim() === '') throw new FileFormatError('empty_file', 'The file is empty');
  return { encoding, delimiter: detectDelimiter(text, truncated, given.delimiter) };
};

/** Decodes the (small, bounded) sniff window. */
export const decodeHead = (head: Uint8Array, encoding: string): string => {
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(head);
  const decoder = iconv.getDecoder(encoding);
  return decoder.write(Buffer.from(head)) + (decoder.end() ?? '');
};

/**
 * A cell as it was before a CSV export neutralised it: the `'` that Rapport's export (and OWASP's advice)
 * puts before text a spreadsheet would read as a formula is taken off again, so an exported file imports
 * back to the same values. Exactly the inverse of `csvText`: other cells starting with `'` stay as they are.
 */
export const unneutralise = (cell: string): string =>
  cell.charCodeAt(0) === 39 && looksLikeFormula(cell.slice(1)) ? cell.slice(1) : cell;

/**
 * Raw CSV records, numbered from 1 (the header is record 1). UTF-8 bytes go straight into csv-parse (it
 * decodes and strips the BOM itself, and re-encoding decoded text would cost a third of the throughput);
 * other encodings are decoded by iconv-lite first.
 */
export async function* csvRecords(path: string, dialect: CsvDialect): AsyncGenerator<RawRecord> {
  const parser = parse({
    delimiter: dialect.delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
    bom: true,
  });
  const source =
    dialect.encoding === 'utf-8'
      ? Readable.from(fileChunks(path))
      : Readable.from(decodeChunks(fileChunks(path), dialect.encoding));
  pipeline(source, parser, () => {}); // errors surface through the parser's iterator
  let rowNo = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>)
      yield { rowNo: ++rowNo, cells: cells.map(unneutralise) };
  } catch (err) {
    throw toFileError(err, rowNo + 1);
  } finally {
    source.destroy();
    parser.destroy();
  }
}

const toFileError = (err: unknown, rowNo: number): unknown => {
  const code = (err as CsvError | undefined)?.code;
  if (code === 'CSV_MAX_RECORD_SIZE')
    return new FileFormatError(
      'field_too_large',
      `Row ${rowNo} is larger than ${MAX_RECORD_BYTES} bytes — usually a quote that is never closed`,
      rowNo,
    );
  if (typeof code === 'string' && code.startsWith('CSV_'))
    return new FileFormatError('malformed_csv', `Row ${rowNo}: ${(err as Error).message}`, rowNo);
  return err;
};

/** Streams the data rows of a CSV file; ragged and oversized rows are reported through onProblem. */
export const readCsv = (
  path: string,
  dialect: CsvDialect,
  opts: TabularOptions,
  onProblem: (p: RowProblem) => void,
): AsyncGenerator<SourceRow> =>
  tabularRows(csvRecords(path, dialect), { ...opts, strictWidth: true }, onProblem);
