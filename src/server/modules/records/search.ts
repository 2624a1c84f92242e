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

function conditions(q: string, t: SearchTable) {
  const tsq = prefixQuery(q);
  const folded = q.trim();
  return {
    prefix: tsq ? sql`${t.searchVector} @@ to_tsquery('simple', rapport_fold(${tsq}))` : null,
    fuzzy: folded.length >= 3 ? sql`rapport_fold(${folded}) <% ${t.searchNames}` : null,
    folded,
  };
}

/**
 * Picks the tier: when word prefixes alone fill a page, typo-tolerant matches could only rank below them
 * (a prefix match scores +1), so the costlier trigram scan is skipped.
 */
export async function chooseSearchTier(
  db: Executor,
  q: string,
  t: SearchTable,
  scope: SQL,
  limit: number,
): Promise<SearchTier> {
  const c = conditions(q, t);
  if (!c.fuzzy) return 'prefix';
  if (!c.prefix) return 'fuzzy';
  const rows = await db.execute(
    sql`select count(*)::int as n from (select 1 from ${t} where ${scope} and ${c.prefix} limit ${limit + 1}) x`,
  );
  const n = (rows as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0;
  return n > limit ? 'prefix' : 'fuzzy';
}

/**
 * Typo-tolerant, accent-insensitive search: word prefixes through the full-text index and, for three or
 * more characters, trigram word similarity (`moller` ~ `møller`, `jorgnsen` ~ `jørgensen`) through the
 * trigram index. Each kind contributes at most SEARCH_CANDIDATES rows (within the list's other filters,
 * `scope`), which are then ranked: so a common name at a million contacts costs a bounded amount of work.
 */
export function searchPlan(
  q: string,
  t: SearchTable,
  scope: SQL,
  tier: SearchTier,
): { where: SQL; score: SortKey } | null {
  const c = conditions(q, t);
  const branch = (cond: SQL | null, cap: number) =>
    cond ? sql`(select ${t.id} from ${t} where ${scope} and ${cond} limit ${cap})` : null;
  const used =
    tier === 'prefix'
      ? [branch(c.prefix, SEARCH_CANDIDATES.prefix) ?? branch(c.fuzzy, SEARCH_CANDIDATES.fuzzy)]
      : [branch(c.prefix, SEARCH_CANDIDATES.prefix), branch(c.fuzzy, SEARCH_CANDIDATES.fuzzy)];
  const branches = used.filter((x): x is SQL => x !== null);
  if (!branches.length) return null;
  const prefixHit = c.prefix ? sql`(${c.prefix})::int` : sql`0`;
  const expr = c.fuzzy
    ? sql`(word_similarity(rapport_fold(${c.folded}), ${t.searchNames}) + ${prefixHit})::float8`
    : sql`(ts_rank(${t.searchVector}, to_tsquery('simple', rapport_fold(${prefixQuery(q)}))))::float8`;
  return {
    where: sql`${t.id} in (${sql.join(branches, sql` union all `)})`,
    // The tier is part of the sort key's name, so the cursor keeps later pages on the same tier.
    score: {
      name: tier === 'prefix' ? '_score' : '_fuzzy',
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
