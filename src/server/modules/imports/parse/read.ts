import { readCsv, sniffCsv } from './csv-reader.ts';
import { checkEncoding, detectEncoding } from './encoding.ts';
import { readHead } from './file-io.ts';
import { readJsonl } from './jsonl-reader.ts';
import { SNIFF_BYTES } from './limits.ts';
import type { ReaderOptions, RowProblem, SourceRow } from './types.ts';
import { readVcard } from './vcard-reader.ts';
import { readXlsx } from './xlsx-reader.ts';

export type ReadHooks = {
  /** Called with what was detected (encoding, delimiter, sheets) before the first row. */
  onDetected?: (d: { delimiter?: string; encoding?: string; sheets?: string[]; sheet?: string }) => void;
  onColumns?: (columns: string[]) => void;
};

const ignore = () => {};

/**
 * Streams every data row of a file in order. Row-level problems go to onProblem and the row is skipped;
 * file-level problems throw FileFormatError. `columns` (e.g. from the probe) names CSV/XLSX columns by
 * position instead of the header; vCard and JSONL rows carry their own keys and ignore it.
 */
export async function* readRows(
  path: string,
  opts: ReaderOptions & { columns?: string[] },
  onProblem: (p: RowProblem) => void = ignore,
  hooks: ReadHooks = {},
): AsyncGenerator<SourceRow> {
  const tabular = { hasHeader: opts.hasHeader, columns: opts.columns, onColumns: hooks.onColumns };
  switch (opts.format) {
    case 'csv': {
      const dialect = await sniffCsv(path, { encoding: opts.encoding, delimiter: opts.delimiter });
      hooks.onDetected?.(dialect);
      yield* readCsv(path, dialect, tabular, onProblem);
      return;
    }
    case 'xlsx':
      yield* readXlsx(
        path,
        opts.sheet,
        { ...tabular, onSheets: (sheets, sheet) => hooks.onDetected?.({ sheets, sheet }) },
        onProblem,
      );
      return;
    case 'vcf': {
      const encoding = opts.encoding
        ? checkEncoding(opts.encoding)
        : await readHead(path, SNIFF_BYTES).then(({ head, truncated }) => detectEncoding(head, truncated));
      hooks.onDetected?.({ encoding });
      yield* readVcard(path, encoding, onProblem);
      return;
    }
    case 'jsonl':
      hooks.onDetected?.({ encoding: 'utf-8' });
      yield* readJsonl(path, onProblem);
      return;
  }
}
