import { type SQL, sql } from 'drizzle-orm';
import type { ProductDto, ProductListQuery } from '../../../shared/products.ts';
import {
  decodeCursor,
  encodeCursor,
  keysetWhere,
  likeEscape,
  orderBy,
  type SortKey,
  sortColumns,
} from '../../db/list-query.ts';
import type { Ctx } from '../../http/context.ts';
import { products as p } from './products.schema.ts';
import { type ProductRow, toProductDtos } from './products.service.ts';

/** A–Z by SKU: `lower(sku)` is unique among live products, so it is a keyset on its own (products_sku_idx). */
const bySku: SortKey[] = [
  { name: 'sku', expr: sql`lower(${p.sku})`, desc: false, cast: 'text', nullable: false },
];
const newestFirst: SortKey[] = [
  {
    name: 'createdAt',
    expr: sql`${p.createdAt}`,
    desc: true,
    cast: 'timestamptz',
    nullable: false,
    descIndexed: true,
  },
];
const binnedFirst: SortKey[] = [
  { name: 'deletedAt', expr: sql`${p.deletedAt}`, desc: true, cast: 'timestamptz', nullable: false },
];

/**
 * How well a product matches the folded query: the SKU itself (0), a SKU starting with it (1), a name word
 * starting with it (2), anything else containing it (3). Ties go A–Z by SKU.
 */
function ranked(plain: SQL, folded: SQL): SortKey[] {
  const prefix = sql`${folded} || '%'`;
  const rank = sql`(case when rapport_fold(${p.sku}) = ${plain} then 0 when rapport_fold(${p.sku}) like ${prefix} then 1 when ${p.searchText} like ${prefix} or ${p.searchText} like '% ' || ${prefix} then 2 else 3 end)`;
  return [{ name: 'rank', expr: rank, desc: false, cast: 'numeric', nullable: false }, ...bySku];
}

/**
 * The SELECT of one page (exported for the plan checks). Search-as-you-type reads the trigram index on
 * `search_text` (`products_search_idx`); the plain list one range of the SKU or created-at index.
 */
export function productListStatement(ctx: Ctx, q: ProductListQuery) {
  const where: SQL[] = [q.deleted === 'only' ? sql`${p.deletedAt} is not null` : sql`${p.deletedAt} is null`];
  if (q.status === 'active') where.push(sql`${p.archivedAt} is null`);
  if (q.status === 'archived') where.push(sql`${p.archivedAt} is not null`);
  if (q.taxCategory) where.push(sql`${p.taxCategory} = ${q.taxCategory}`);
  let keys: SortKey[];
  if (q.q) {
    const folded = sql`rapport_fold(${likeEscape(q.q)})`;
    // Two letters have no trigram of their own: then only words starting with them (which still have one).
    where.push(
      q.q.length < 3
        ? sql`(${p.searchText} like ${folded} || '%' or ${p.searchText} like '% ' || ${folded} || '%')`
        : sql`${p.searchText} like '%' || ${folded} || '%'`,
    );
    keys = ranked(sql`rapport_fold(${q.q})`, folded);
  } else if (q.deleted === 'only') keys = binnedFirst;
  else keys = q.sort === '-createdAt' ? newestFirst : bySku;
  const id = sql`${p.id}`;
  if (q.cursor) where.push(keysetWhere(keys, id, decodeCursor(q.cursor, keys)));
  const statement = ctx.db
    .select({ row: p, ...sortColumns(keys) })
    .from(p)
    .where(sql.join(where, sql` and `))
    .orderBy(orderBy(keys, id))
    .limit(q.limit + 1);
  return { statement, keys };
}

export async function listProducts(ctx: Ctx, q: ProductListQuery) {
  const { statement, keys } = productListStatement(ctx, q);
  const rows = await statement;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const data: ProductDto[] = await toProductDtos(
    ctx.db,
    page.map((r) => r.row as ProductRow),
  );
  return {
    data,
    nextCursor:
      rows.length > q.limit && last ? encodeCursor(keys, last as Record<string, unknown>, last.row.id) : null,
  };
}
