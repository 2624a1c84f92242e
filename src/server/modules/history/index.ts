export { recordHistory } from './history.schema.ts';
export { type Change, diff, eraseHistory, listHistory, recordHistoryEntry } from './history.service.ts';
