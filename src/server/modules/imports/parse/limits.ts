/**
 * Hard limits of the readers. They bound memory per row (the server must stay under 300 MB while streaming
 * a million-row file) and make hostile files fail fast instead of exhausting the process.
 */

/** More columns than this in a header (or a header-less first row) → FileFormatError 'too_many_columns'. */
export const MAX_COLUMNS = 1000;

/** A single cell larger than this (in characters; ~bytes for Western text) → row problem naming the column. */
export const MAX_FIELD_BYTES = 1024 * 1024;

/**
 * A whole CSV record (or JSONL line / vCard line) larger than this → FileFormatError 'field_too_large'.
 * csv-parse cannot resynchronise after its record limit trips (it keeps failing on every later chunk), and a
 * record this large is almost always an unclosed quote that swallowed the rest of the file, so stopping with
 * the row number is the most useful answer. It also caps the damage of a line of millions of tiny cells.
 */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

/** How much of a file is sniffed for format, encoding and delimiter. */
export const SNIFF_BYTES = 64 * 1024;

/** Rows in a probe's sample. */
export const SAMPLE_ROWS = 20;

/** vcf/jsonl: how many records the probe reads to derive the column set. */
export const PROBE_KEY_RECORDS = 1000;

/** XLSX zip checks (central directory, before any decompression). */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024;
export const MAX_ZIP_RATIO = 200;
/**
 * exceljs keeps the shared-string table in memory; past this size (uncompressed XML) the file would not fit
 * the server's memory budget, so we ask for a CSV export instead.
 */
export const MAX_XLSX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024;
