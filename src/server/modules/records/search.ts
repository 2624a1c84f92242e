import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.ts';
import type { SortKey } from '../../db/list-query.ts';

export type SearchTable = PgTable & { id: AnyPgColumn; searchNames: AnyPgColumn; searchVector: AnyPgColumn };
/** `prefix`: word-prefix matches only (enough of them exist); `fuzzy`: prefix and typo-tolerant matches. */
export type SearchTier = 'prefix' | 'fuzzy';

/**
 * Candidates ranked per search, per kind of match: prefix matches are near-equal in rank, so a few hundred
 * suffice; typo-tolerant matches vary more, so more of them are ranked.
 */
export const SEARCH_CANDIDATES = { prefix: 200, fuzzy: 500 } as const;

/** The words of a search query (at most 8), as typed: `anna møl` → `['anna', 'møl']` (folded in SQL). */
export function queryWords(q: string): string[] {
  return q
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}@._+]+/gu, ' ')
    .split(' ')
    .map((w) => w.replace(/^[._+]+|[._+]+$/g, ''))
    .filter(Boolean)
    .slice(0, 8);
}

/**
 * The words a search looks up in the full-text index, each as a prefix or as a whole word. Prefixes of one
 * or two letters match thousands of distinct words and make the index scan slow, so in a query of several
 * words a one-letter word is left to the ranking (which compares the whole query with the names), and a
 * word of two letters before the last (`de jong`, `van de berg`) must match whole. The last word stays a
 * prefix, as it is often still being typed (`mette mø`).
 */
export function indexedTerms(q: string): { word: string; prefix: boolean }[] {
  const words = queryWords(q);
  if (words.length < 2) return words.map((word) => ({ word, prefix: true }));
  const terms = words
    .map((word, i) => ({ word, prefix: i === words.length - 1 || word.length > 2 }))
    .filter((t) => t.word.length > 1);
  return terms.length ? terms : words.map((word) => ({ word, prefix: true }));
}

/** A search query as a tsquery text: `anna møl` → `'anna':* & 'møl':*` (folded in SQL). */
export function prefixQuery(q: string): string | null {
  const terms = indexedTerms(q);
  return terms.length ? terms.map((t) => `'${t.word}'${t.prefix ? ':*' : ''}`).join(' & ') : null;
}

/**
 * Per query word, the typo-tolerant tier tries at most SIMILAR_WORDS dictionary words with a trigram
 * similarity of at least MIN_SIMILARITY (`mollr`~`moller` 0.44, `jorgnsen`~`jorgensen` 0.58). Whole-word
 * similarity, not word similarity: the latter lets `nygaard` match every `…gaard`.
 */
export const SIMILAR_WORDS = 20;
export const MIN_SIMILARITY = 0.4;

/**
 * The typo-tolerant query as a tsquery text: each query word of three or more letters may match itself as a
 * prefix or any of the SIMILAR_WORDS most similar name words (trigram similarity against the
 * `search_words` dictionary, thousands of rows rather than every name); shorter words match as in
 * `indexedTerms`. All of them must match: `jorgnsen` → `('jorgnsen':* | 'jorgensen')`.
 */
function fuzzyTsQuery(terms: { word: string; prefix: boolean }[]): SQL {
  const words = sql.param(terms.map((t) => t.word));
  const suffixes = sql.param(terms.map((t) => (t.prefix ? ':*' : '')));
  return sql`(select string_agg(alts, ' & ' order by i) from (
    select i, '(' || quote_literal(fw) || sfx || case when length(fw) >= 3 then coalesce((
      select string_agg(' | ' || quote_literal(s.word), '' order by s.sim desc, s.word)
        from (select word, similarity(fw, word) as sim from search_words
               where word % fw and similarity(fw, word) >= ${MIN_SIMILARITY}
               order by sim desc, word limit ${SIMILAR_WORDS}) s), '')
      else '' end || ')' as alts
    from (select i, rapport_fold(w) as fw, sfx
            from unnest(${words}::text[], ${suffixes}::text[]) with ordinality as q(w, sfx, i)) q) x)`;
}

/**
 * How a search runs: its tier; on the typo-tolerant tier the tsquery of similar words and, when the tier was
 * just chosen, the ids of all prefix matches (fewer than a page), so they are not looked up twice.
 */
export type SearchTerms = { tier: SearchTier; fuzzy: string | null; prefixIds?: string[] };

function conditions(q: string, t: SearchTable, fuzzy: string | null) {
  const tsq = prefixQuery(q);
  return {
    prefix: tsq ? sql`${t.searchVector} @@ to_tsquery('simple', rapport_fold(${tsq}))` : null,
    fuzzy: fuzzy ? sql`${t.searchVector} @@ ${fuzzy}::tsquery` : null,
    folded: q.trim(),
  };
}

/**
 * Picks the tier — when word prefixes alone fill a page, typo-tolerant matches could only rank below them
 * (a prefix match scores +1), so the similar-word look-up is skipped — and, for the typo-tolerant tier,
 * looks up the similar words, in the same round trip. A cursor brings its tier along.
 */
export async function chooseSearch(
  db: Executor,
  q: string,
  t: SearchTable,
  scope: SQL,
  limit: number,
  cursorTier?: SearchTier,
): Promise<SearchTerms> {
  const terms = indexedTerms(q);
  const prefix = conditions(q, t, null).prefix;
  const canFuzz = terms.some((term) => term.word.length >= 3);
  if (!canFuzz || cursorTier === 'prefix') return { tier: 'prefix', fuzzy: null };
  const matches =
    prefix && !cursorTier
      ? sql`array(select ${t.id}::text from ${t} where ${scope} and ${prefix} limit ${limit + 1})`
      : sql`'{}'::text[]`;
  // The similar-word look-up (an InitPlan) runs only when the prefix matches do not fill the page.
  const rows = await db.execute(
    sql`select x.ids, case when cardinality(x.ids) > ${limit} then null else ${fuzzyTsQuery(terms)} end as fuzzy
        from (select ${matches} as ids) x`,
  );
  const row = (rows as unknown as { rows: { ids: string[]; fuzzy: string | null }[] }).rows[0];
  const ids = row?.ids ?? [];
  if (!cursorTier && ids.length > limit) return { tier: 'prefix', fuzzy: null };
  return { tier: 'fuzzy', fuzzy: row?.fuzzy ?? null, prefixIds: cursorTier ? undefined : ids };
}

/**
 * Typo-tolerant, accent-insensitive search: word prefixes through the full-text index and, on the fuzzy
 * tier, the similar words of `chooseSearch` through the same index. Each kind contributes at most
 * SEARCH_CANDIDATES rows (within the list's other filters, `scope`), which are then ranked by trigram word
 * similarity to the names: so a common name at a million contacts costs a bounded amount of work.
 */
export function searchPlan(
  q: string,
  t: SearchTable,
  scope: SQL,
  terms: SearchTerms,
): { where: SQL; score: SortKey } | null {
  const c = conditions(q, t, terms.fuzzy);
  const branch = (cond: SQL | null, cap: number) =>
    cond ? sql`(select ${t.id} from ${t} where ${scope} and ${cond} limit ${cap})` : null;
  const used =
    terms.tier === 'prefix'
      ? [branch(c.prefix, SEARCH_CANDIDATES.prefix)]
      : [
          terms.prefixIds
            ? sql`(select unnest(${sql.param(terms.prefixIds)}::uuid[]))`
            : branch(c.prefix, SEARCH_CANDIDATES.prefix),
          branch(c.fuzzy, SEARCH_CANDIDATES.fuzzy),
        ];
  const branches = used.filter((x): x is SQL => x !== null);
  if (!branches.length) return null;
  const prefixHit = c.prefix ? sql`(${c.prefix})::int` : sql`0`;
  // Queries with a word of three or more letters rank by similarity to the names (+1 for a prefix match).
  const expr = queryWords(q).some((w) => w.length >= 3)
    ? sql`(word_similarity(rapport_fold(${c.folded}), ${t.searchNames}) + ${prefixHit})::float8`
    : sql`(ts_rank(${t.searchVector}, to_tsquery('simple', rapport_fold(${prefixQuery(q)}))))::float8`;
  return {
    where: sql`${t.id} in (${sql.join(branches, sql` union all `)})`,
    // The tier is part of the sort key's name, so the cursor keeps later pages on the same tier.
    score: {
      name: terms.tier === 'prefix' ? '_score' : '_fuzzy',
      expr,
      desc: true,
      cast: 'float8',
      nullable: false,
    },
  };
}

/** The tier a cursor was made with (its sort signature names it). */
export function tierOfCursor(cursor: string): SearchTier | undefined {
  try {
    const s = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown }).s;
    return s === '-_fuzzy' ? 'fuzzy' : s === '-_score' ? 'prefix' : undefined;
  } catch {
    return undefined;
  }
}
