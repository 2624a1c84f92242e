// Duplicates and merges of contacts and companies (docs/MERGING.md).
export {
  DUPLICATES_JOB,
  duplicatesRefreshJob,
  duplicatesSweep,
  queueRefresh,
  refreshDuplicates,
} from './duplicates.service.ts';
export { mergeRoutes } from './merge.routes.ts';
export { duplicateCandidates, duplicateDismissals, duplicateRefreshes, merges } from './merge.schema.ts';
export { mergeRecords } from './merge.service.ts';
export { undoMerge } from './merge.undo.ts';
