import { and, asc, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type {
  CreateProductInput,
  ProductDescriptions,
  ProductDto,
  ProductNames,
  ProductPrice,
  UpdateProductInput,
} from '../../../shared/products.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { diff, eraseHistoryOf, recordHistoryEntry } from '../history/index.ts';
import { assertVersion, RECYCLE_BIN_DAYS } from '../records/index.ts';
import { audit } from '../system/index.ts';
import { productPrices, products } from './products.schema.ts';

export type ProductRow = typeof products.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;
const actorId = (ctx: Ctx) => (ctx.user.via === 'system' ? null : ctx.user.id);

/** Fields whose changes are recorded in the history (prices as one field: `prices`). */
export const productHistoryFields = [
  'sku',
  'names',
  'descriptions',
  'unit',
  'taxCategory',
  'prices',
  'costPrice',
  'costCurrency',
  'status',
] as const;

const languageOrder = ['en', 'fr', 'de', 'da'] as const;
/** Texts per language in one key order, empty ones left out: stored jsonb and history compare alike. */
export function tidyTexts<T extends Partial<Record<string, string>>>(texts: T): T {
  const out: Record<string, string> = {};
  for (const l of languageOrder) {
    const v = texts[l]?.trim();
    if (v) out[l] = v;
  }
  return out as T;
}

export function toProductDto(r: ProductRow, prices: ProductPrice[]): ProductDto {
  return {
    id: r.id,
    sku: r.sku,
    names: tidyTexts(r.names as ProductNames),
    descriptions: tidyTexts((r.descriptions ?? {}) as ProductDescriptions),
    unit: r.unit as ProductDto['unit'],
    taxCategory: r.taxCategory as ProductDto['taxCategory'],
    prices: [...prices].sort((a, b) => a.currency.localeCompare(b.currency)),
    costPrice: r.costPrice,
    costCurrency: r.costCurrency,
    status: r.archivedAt ? 'archived' : 'active',
    archivedAt: iso(r.archivedAt),
    createdById: r.createdById,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: iso(r.deletedAt),
  };
}

/** The list prices of several products in one query. */
export async function pricesOf(db: Executor, ids: string[]): Promise<Map<string, ProductPrice[]>> {
  const out = new Map<string, ProductPrice[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows = await db
    .select()
    .from(productPrices)
    .where(inArray(productPrices.productId, ids))
    .orderBy(asc(productPrices.currency));
  for (const r of rows)
    out.get(r.productId)?.push({ currency: r.currency as ProductPrice['currency'], unitPrice: r.unitPrice });
  return out;
}

/** Rows → DTOs in their order, with prices loaded in one query. */
export async function toProductDtos(db: Executor, rows: ProductRow[]): Promise<ProductDto[]> {
  const prices = await pricesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toProductDto(r, prices.get(r.id) ?? []));
}

async function load(db: Executor, id: string): Promise<ProductDto | undefined> {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  return row ? (await toProductDtos(db, [row]))[0] : undefined;
}

export async function getProduct(ctx: Ctx, id: string, opts: { includeDeleted?: boolean } = {}) {
  const found = await load(ctx.db, id);
  if (!found || (found.deletedAt && !opts.includeDeleted)) throw notFound('product');
  return found;
}

/** SKU and names in every language, folded (lower case, no accents) by the database: what `q` searches. */
const searchTextOf = (skuValue: string, names: ProductNames) =>
  sql`rapport_fold(${[skuValue, names.en, names.fr, names.de, names.da].filter(Boolean).join(' ')})`;

const skuTaken = () =>
  new AppError('sku_taken', {
    status: 409,
    detail: 'Another product already has this SKU.',
    errors: [{ path: 'sku', message: 'Another product already has this SKU' }],
  });

async function assertSkuFree(db: Executor, skuValue: string, exceptId?: string) {
  const [hit] = await db
    .select({ id: products.id })
    .from(products)
    .where(and(sql`lower(${products.sku}) = lower(${skuValue})`, isNull(products.deletedAt)));
  if (hit && hit.id !== exceptId) throw skuTaken();
}

/** A unique violation that slipped past the check (two creates at once) is the same conflict. */
async function guardSku<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string; constraint?: string }; constraint?: string };
    const code = e.code ?? e.cause?.code;
    const constraint = e.constraint ?? e.cause?.constraint;
    if (code === '23505' && (!constraint || constraint === 'products_sku_idx')) throw skuTaken();
    throw err;
  }
}

async function writePrices(tx: Executor, productId: string, prices: ProductPrice[]) {
  await tx.delete(productPrices).where(eq(productPrices.productId, productId));
  if (prices.length) await tx.insert(productPrices).values(prices.map((p) => ({ productId, ...p })));
}

const historyOf = (p: ProductDto) => p as unknown as Record<string, unknown>;

export async function createProduct(ctx: Ctx, input: CreateProductInput): Promise<ProductDto> {
  const now = ctx.now();
  return guardSku(() =>
    ctx.db.transaction(async (tx) => {
      await assertSkuFree(tx, input.sku);
      const [row] = await tx
        .insert(products)
        .values({
          sku: input.sku,
          names: tidyTexts(input.names),
          descriptions: tidyTexts(input.descriptions),
          unit: input.unit,
          taxCategory: input.taxCategory,
          costPrice: input.costPrice ?? null,
          costCurrency: input.costCurrency ?? null,
          searchText: searchTextOf(input.sku, input.names),
          createdById: actorId(ctx),
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: products.id });
      await writePrices(tx, row!.id, input.prices);
      const created = (await load(tx, row!.id))!;
      await recordHistoryEntry(
        tx,
        ctx,
        'product',
        created.id,
        'create',
        diff({}, historyOf(created), productHistoryFields),
      );
      return created;
    }),
  );
}

async function lockLive(tx: Executor, id: string) {
  const [row] = await tx.select().from(products).where(eq(products.id, id)).for('update');
  if (!row || row.deletedAt) throw notFound('product');
  return row;
}

/** Writes a change to the row (and its prices) and records what changed; no change leaves the version. */
async function change(
  ctx: Ctx,
  id: string,
  expectedVersion: number | undefined,
  build: (row: ProductRow) => { set: Partial<typeof products.$inferInsert>; prices?: ProductPrice[] },
): Promise<ProductDto> {
  return guardSku(() =>
    ctx.db.transaction(async (tx) => {
      const locked = await lockLive(tx, id);
      assertVersion(locked.version, expectedVersion);
      const before = (await load(tx, id))!;
      const { set, prices } = build(locked);
      if (set.sku !== undefined && set.sku.toLowerCase() !== locked.sku.toLowerCase())
        await assertSkuFree(tx, set.sku, id);
      const proposed = {
        ...before,
        ...set,
        ...(prices ? { prices: [...prices].sort((a, b) => a.currency.localeCompare(b.currency)) } : {}),
        ...('archivedAt' in set ? { status: set.archivedAt ? 'archived' : 'active' } : {}),
      };
      if (diff(historyOf(before), proposed, productHistoryFields).length === 0) return before;
      const skuValue = set.sku ?? locked.sku;
      const names = (set.names ?? locked.names) as ProductNames;
      await tx
        .update(products)
        .set({
          ...set,
          searchText: searchTextOf(skuValue, names),
          version: sql`${products.version} + 1`,
          updatedAt: ctx.now(),
        })
        .where(eq(products.id, id));
      if (prices) await writePrices(tx, id, prices);
      const updated = (await load(tx, id))!;
      await recordHistoryEntry(
        tx,
        ctx,
        'product',
        id,
        'update',
        diff(historyOf(before), historyOf(updated), productHistoryFields),
      );
      return updated;
    }),
  );
}

export function updateProduct(ctx: Ctx, id: string, input: UpdateProductInput, expectedVersion?: number) {
  return change(ctx, id, expectedVersion, () => {
    const { prices, ...rest } = input;
    const set: Partial<typeof products.$inferInsert> = {};
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) (set as Record<string, unknown>)[k] = v;
    if (rest.names) set.names = tidyTexts(rest.names);
    if (rest.descriptions) set.descriptions = tidyTexts(rest.descriptions);
    return { set, prices };
  });
}

/** Archived products stay on old documents and in the catalogue, but are no longer offered on new lines. */
export function setArchived(ctx: Ctx, id: string, archived: boolean, expectedVersion?: number) {
  return change(ctx, id, expectedVersion, (row) => ({
    set: { archivedAt: archived ? (row.archivedAt ?? ctx.now()) : null },
  }));
}

export async function deleteProduct(ctx: Ctx, id: string, expectedVersion?: number) {
  await ctx.db.transaction(async (tx) => {
    const row = await lockLive(tx, id);
    assertVersion(row.version, expectedVersion);
    await tx
      .update(products)
      .set({ deletedAt: ctx.now(), deletedById: actorId(ctx), version: sql`${products.version} + 1` })
      .where(eq(products.id, id));
    await recordHistoryEntry(tx, ctx, 'product', id, 'delete', []);
  });
}

/** Back from the recycle bin, unless another live product took its SKU meanwhile (409). */
export async function restoreProduct(ctx: Ctx, id: string): Promise<ProductDto> {
  return guardSku(() =>
    ctx.db.transaction(async (tx) => {
      const [row] = await tx.select().from(products).where(eq(products.id, id)).for('update');
      if (!row?.deletedAt) throw notFound('product');
      await assertSkuFree(tx, row.sku, id);
      await tx
        .update(products)
        .set({
          deletedAt: null,
          deletedById: null,
          version: sql`${products.version} + 1`,
          updatedAt: ctx.now(),
        })
        .where(eq(products.id, id));
      await recordHistoryEntry(tx, ctx, 'product', id, 'restore', []);
      return (await load(tx, id))!;
    }),
  );
}

/**
 * Products in the recycle bin longer than the retention period are erased. Document lines keep their
 * own copy of description and prices (their product id becomes null by the foreign key).
 */
export async function purgeProductRecycleBin(ctx: Ctx): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - RECYCLE_BIN_DAYS * 86_400_000);
  const expired = await ctx.db
    .select({ id: products.id })
    .from(products)
    .where(and(isNotNull(products.deletedAt), lt(products.deletedAt, cutoff)))
    .limit(1000);
  if (!expired.length) return 0;
  const ids = expired.map((r) => r.id);
  await ctx.db.transaction(async (tx) => {
    await eraseHistoryOf(
      tx,
      'product',
      tx.select({ id: products.id }).from(products).where(inArray(products.id, ids)),
    );
    await tx.delete(products).where(inArray(products.id, ids));
    await audit({ db: tx, user: ctx.user }, 'product.purge', 'product', null, { count: ids.length });
  });
  return ids.length;
}
