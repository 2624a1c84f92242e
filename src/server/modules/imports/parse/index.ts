/** Import parsing: file readers, value transforms, mapping suggestions and the row mapper. */
export { dedupeColumns } from './columns.ts';
export {
  MAX_COLUMNS,
  MAX_FIELD_BYTES,
  MAX_RECORD_BYTES,
  MAX_XLSX_SHARED_STRINGS_BYTES,
  MAX_XLSX_UNCOMPRESSED_BYTES,
  MAX_ZIP_RATIO,
  SAMPLE_ROWS,
} from './limits.ts';
export { type Preset, type PresetName, presets } from './presets.ts';
export { detectFormat, probeFile } from './probe.ts';
export { type ReadHooks, readRows } from './read.ts';
export {
  type ColumnMapping,
  compileMapping,
  type MappedRow,
  type MapperOptions,
  type TargetDef,
} from './row-mapper.ts';
export { type ColumnSuggestion, detectPreset, suggestMapping, type TargetField } from './suggest.ts';
export * from './transforms.ts';
export {
  type DateOrder,
  type Failure,
  FileFormatError,
  type FileProbe,
  type ImportFormat,
  type ProblemText,
  problem,
  type ReaderOptions,
  type Result,
  type RowProblem,
  rowProblem,
  type SourceRow,
} from './types.ts';
