export { recordHistory } from './history.schema.ts';
export {
  type Change,
  diff,
  eraseHistory,
  eraseHistoryOf,
  listHistory,
  recordHistoryEntry,
} from './history.service.ts';
export { changeTimelineSource } from './history.timeline.ts';
