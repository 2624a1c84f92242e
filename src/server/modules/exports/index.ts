export { csvText, looksLikeFormula, XLSX_MAX_TEXT, xlsxText } from './cell-safety.ts';
export { type ExportCommandOptions, runExportCommand } from './exports.cli.ts';
export { exportsRoutes } from './exports.routes.ts';
export { exports } from './exports.schema.ts';
export {
  cancelExport,
  createExport,
  EXPORT_JOB,
  exportJobHandler,
  getExport,
  listExports,
} from './exports.service.ts';
export { type ExportRequest, exportFileName, prepareExport, writeExport } from './exports.stream.ts';
export { contactToVcard, escapeText, foldLine } from './exports.vcard.ts';
export { contentTypes } from './exports.writers.ts';
