import {
  type ImportProblemCode,
  type ImportProblemParams,
  type ImportProblemParamValues,
  importProblemText,
} from '../../../../shared/import-problems.ts';

/** Public types of the import parsing library (readers, transforms, mapping suggestions). */

export type ImportFormat = 'csv' | 'xlsx' | 'vcf' | 'jsonl';

/**
 * One data row: 1-based row number as the user sees it in the file (CSV: record number counting the header
 * as row 1, so the first data row is 2; XLSX: the sheet's row number; vCard: the card's ordinal; JSONL: the
 * line number) and its cells by column name.
 */
export type SourceRow = { rowNo: number; values: Record<string, string> };

export type ReaderOptions = {
  format: ImportFormat;
  /** csv: detected when absent (',', ';', '\t', '|'). */
  delimiter?: string;
  /** csv/vcf: detected when absent (BOM, then strict UTF-8 check, then chardet on the first 64 KiB). */
  encoding?: string;
  /** xlsx: sheet name; first sheet when absent. */
  sheet?: string;
  /** csv/xlsx: default true; false → columns "Column 1", "Column 2", … */
  hasHeader?: boolean;
};

export type FileProbe = {
  format: ImportFormat;
  /** Header names (deduplicated: "Email", "Email (2)"), or derived keys for vcf/jsonl. */
  columns: string[];
  /** First up to 20 data rows. */
  sample: SourceRow[];
  detected: { delimiter?: string; encoding?: string; sheets?: string[]; sheet?: string };
};

/** A problem with the file as a whole: reading stops. `code` is stable and meant for i18n lookups. */
export class FileFormatError extends Error {
  readonly code: string;
  readonly rowNo?: number;
  constructor(code: string, message: string, rowNo?: number) {
    super(message);
    this.name = 'FileFormatError';
    this.code = code;
    this.rowNo = rowNo;
  }
}

/**
 * Why a value or a row was refused, as data: a code of the shared catalogue (`src/shared/import-problems.ts`),
 * the params its sentence needs, and that sentence in English (what the API and the CLI show).
 */
export type ProblemText = { code: ImportProblemCode; params: ImportProblemParamValues; message: string };

/** A problem with one row (or one field of it): the row is skipped or the field left out, never silently. */
export type RowProblem = { rowNo: number; field: string | null } & ProblemText;

/** The params argument of a code: required when its sentence has placeholders, absent otherwise. */
export type ProblemArgs<C extends ImportProblemCode> = keyof ImportProblemParams<C> extends never
  ? []
  : [params: ImportProblemParams<C>];

/** A problem's code, params and English sentence. */
export function problem<C extends ImportProblemCode>(code: C, ...args: ProblemArgs<C>): ProblemText {
  const params: ImportProblemParamValues = args[0] ?? {};
  return { code, params, message: importProblemText(code, params, 'en') ?? code };
}

/** A problem of a row (and field). */
export const rowProblem = <C extends ImportProblemCode>(
  rowNo: number,
  field: string | null,
  code: C,
  ...args: ProblemArgs<C>
): RowProblem => ({ rowNo, field, ...problem(code, ...args) });

export type Failure = { ok: false } & ProblemText;
export type Result<T> = { ok: true; value: T } | Failure;

export type DateOrder = 'dmy' | 'mdy' | 'ymd';

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <C extends ImportProblemCode>(code: C, ...args: ProblemArgs<C>): Failure => ({
  ok: false,
  ...problem(code, ...args),
});
