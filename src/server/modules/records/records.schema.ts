import { index, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Every distinct word (full-text lexeme) of the contacts' and companies' names. Typo-tolerant search
 * matches the query's words against this small table by trigram similarity (a GiST index: a few ms where
 * GIN took several times that), then looks the similar words
 * up in the full-text index, instead of a trigram scan over every name. Kept by statement-level triggers
 * (migration 0006): words are added on insert and update, and dropped when the last record using one is
 * deleted or renamed, so an erased person's name does not linger here.
 */
export const searchWords = pgTable('search_words', { word: text('word').primaryKey() }, (t) => [
  index('search_words_trgm_idx').using('gist', t.word.op('gist_trgm_ops')),
]);
