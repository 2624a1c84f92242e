// Building blocks shared by the record modules (contacts, companies, and later deals, tickets…).
export {
  assertCanAssign,
  assertCanEdit,
  assertVersion,
  canEdit,
  ifMatchHeader,
  parseIfMatch,
  RECYCLE_BIN_DAYS,
} from './access.ts';
export { resolveCustomer } from './customer.ts';
export { COUNT_EXACT_LIMIT, countList, type ListPlan, pageOf, planList } from './list.ts';
export { mentionedUserIds, richTextToPlain, sanitizeRichText } from './rich-text.ts';
export { chooseSearch, prefixQuery, SEARCH_CANDIDATES, searchPlan } from './search.ts';
