import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { SortKey } from '../../db/list-query.ts';

/** Words of a search query as a prefix tsquery: `anna møl` → `'anna':* & 'møl':*` (folded in SQL). */
export function prefixQuery(q: string): string | null {
  const words = q
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}@._+]+/gu, ' ')
    .split(' ')
    .map((w) => w.replace(/^[._+]+|[._+]+$/g, ''))
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `'${w}':*`).join(' & ') : null;
}

/**
 * Typo-tolerant, accent-insensitive search: word prefixes through the full-text index, and, for three or
 * more characters, trigram word similarity (`moller` ~ `møller`, `jorgensn` ~ `jørgensen`) through the
 * trigram index. Both columns hold folded text (lower case, accents removed) maintained by a trigger.
 */
export function searchPlan(q: string, searchText: AnyPgColumn, searchVector: AnyPgColumn): { where: SQL; score: SortKey } | null {
  const tsq = prefixQuery(q);
  const folded = q.trim();
  if (!tsq && folded.length < 3) return null;
  const fts = tsq ? sql`${searchVector} @@ to_tsquery('simple', rapport_fold(${tsq}))` : sql`false`;
  if (folded.length < 3) {
    return { where: fts, score: { name: '_score', expr: sql`ts_rank(${searchVector}, to_tsquery('simple', rapport_fold(${tsq})))::float8`, desc: true, cast: 'float8', nullable: false } };
  }
  const trigram = sql`rapport_fold(${folded}) <% ${searchText}`;
  return {
    where: sql`(${fts} or ${trigram})`,
    score: {
      name: '_score',
      expr: sql`(word_similarity(rapport_fold(${folded}), ${searchText}) + (${fts})::int)::float8`,
      desc: true,
      cast: 'float8',
      nullable: false,
    },
  };
}
