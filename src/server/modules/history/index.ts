export { diff, eraseHistory, listHistory, recordHistoryEntry, type Change } from './history.service.ts';
export { recordHistory } from './history.schema.ts';
