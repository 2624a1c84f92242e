import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type {
  CreatePriceListInput,
  PriceListDetail,
  PriceListDto,
  ProductNames,
  UpdatePriceListInput,
} from '../../../shared/products.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { assertVersion } from '../records/index.ts';
import { audit } from '../system/index.ts';
import { priceListItems, priceLists, productPrices, products } from './products.schema.ts';
import { tidyTexts } from './products.service.ts';

type Row = typeof priceLists.$inferSelect;

const itemCount = sql<number>`(select count(*)::int from ${priceListItems} where ${priceListItems.priceListId} = ${priceLists.id})`;

const toDto = (r: Row & { itemCount: number }): PriceListDto => ({
  id: r.id,
  name: r.name,
  customerGroup: r.customerGroup,
  currency: r.currency,
  active: r.active,
  itemCount: Number(r.itemCount),
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** All price lists (a handful per installation), active first, by group and currency. */
export async function listPriceLists(ctx: Ctx) {
  const rows = await ctx.db
    .select({ row: priceLists, itemCount })
    .from(priceLists)
    .orderBy(sql`${priceLists.active} desc`, asc(priceLists.customerGroup), asc(priceLists.currency));
  return { data: rows.map((r) => toDto({ ...r.row, itemCount: r.itemCount })) };
}

async function loadDetail(db: Executor, id: string): Promise<PriceListDetail | undefined> {
  const [head] = await db
    .select({ row: priceLists, itemCount })
    .from(priceLists)
    .where(eq(priceLists.id, id));
  if (!head) return undefined;
  const items = await db
    .select({
      productId: priceListItems.productId,
      unitPrice: priceListItems.unitPrice,
      sku: products.sku,
      names: products.names,
      listPrice: productPrices.unitPrice,
    })
    .from(priceListItems)
    .innerJoin(products, eq(products.id, priceListItems.productId))
    .leftJoin(
      productPrices,
      and(eq(productPrices.productId, products.id), eq(productPrices.currency, head.row.currency)),
    )
    .where(eq(priceListItems.priceListId, id))
    .orderBy(sql`lower(${products.sku})`);
  return {
    ...toDto({ ...head.row, itemCount: head.itemCount }),
    items: items.map((i) => ({
      productId: i.productId,
      sku: i.sku,
      names: tidyTexts(i.names as ProductNames),
      unitPrice: i.unitPrice,
      listPrice: i.listPrice ?? null,
    })),
  };
}

export async function getPriceList(ctx: Ctx, id: string): Promise<PriceListDetail> {
  const found = await loadDetail(ctx.db, id);
  if (!found) throw notFound('price_list');
  return found;
}

const activeTaken = () =>
  new AppError('price_list_active_exists', {
    status: 409,
    detail: 'Another active price list already serves this customer group in this currency.',
    errors: [{ path: 'active', message: 'Another active price list serves this group and currency' }],
  });

async function assertOnlyActive(db: Executor, group: string, currency: string, exceptId?: string) {
  const [hit] = await db
    .select({ id: priceLists.id })
    .from(priceLists)
    .where(
      and(
        eq(priceLists.customerGroup, group),
        eq(priceLists.currency, currency),
        eq(priceLists.active, true),
      ),
    );
  if (hit && hit.id !== exceptId) throw activeTaken();
}

/** Every item's product must exist outside the recycle bin; errors name the item. */
async function writeItems(tx: Executor, priceListId: string, items: CreatePriceListInput['items']) {
  if (items.length) {
    const ids = items.map((i) => i.productId);
    const found = await tx
      .select({ id: products.id })
      .from(products)
      .where(and(inArray(products.id, ids), isNull(products.deletedAt)));
    const known = new Set(found.map((r) => r.id));
    const missing = items.flatMap((i, n) =>
      known.has(i.productId) ? [] : [{ path: `items.${n}.productId`, message: 'Unknown product' }],
    );
    if (missing.length) throw invalid(missing);
  }
  await tx.delete(priceListItems).where(eq(priceListItems.priceListId, priceListId));
  // In slices: a statement has at most 65,535 parameters.
  for (let i = 0; i < items.length; i += 1000)
    await tx.insert(priceListItems).values(items.slice(i, i + 1000).map((it) => ({ priceListId, ...it })));
}

export async function createPriceList(ctx: Ctx, input: CreatePriceListInput): Promise<PriceListDetail> {
  return ctx.db.transaction(async (tx) => {
    if (input.active) await assertOnlyActive(tx, input.customerGroup, input.currency);
    const now = ctx.now();
    const [row] = await tx
      .insert(priceLists)
      .values({
        name: input.name,
        customerGroup: input.customerGroup,
        currency: input.currency,
        active: input.active,
        createdById: ctx.user.via === 'system' ? null : ctx.user.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: priceLists.id });
    await writeItems(tx, row!.id, input.items);
    await audit({ db: tx, user: ctx.user }, 'price_list.create', 'price_list', row!.id, {
      name: input.name,
      items: input.items.length,
    });
    return (await loadDetail(tx, row!.id))!;
  });
}

async function lock(tx: Executor, id: string, expectedVersion?: number) {
  const [row] = await tx.select().from(priceLists).where(eq(priceLists.id, id)).for('update');
  if (!row) throw notFound('price_list');
  assertVersion(row.version, expectedVersion);
  return row;
}

export async function updatePriceList(
  ctx: Ctx,
  id: string,
  input: UpdatePriceListInput,
  expectedVersion?: number,
): Promise<PriceListDetail> {
  return ctx.db.transaction(async (tx) => {
    const row = await lock(tx, id, expectedVersion);
    const next = { ...row, ...input };
    if (next.active) await assertOnlyActive(tx, next.customerGroup, next.currency, id);
    await tx
      .update(priceLists)
      .set({ ...input, version: sql`${priceLists.version} + 1`, updatedAt: ctx.now() })
      .where(eq(priceLists.id, id));
    await audit({ db: tx, user: ctx.user }, 'price_list.update', 'price_list', id, { ...input });
    return (await loadDetail(tx, id))!;
  });
}

/** Replaces all items in one transaction: the list is never seen half-written. */
export async function replacePriceListItems(
  ctx: Ctx,
  id: string,
  items: CreatePriceListInput['items'],
  expectedVersion?: number,
): Promise<PriceListDetail> {
  return ctx.db.transaction(async (tx) => {
    await lock(tx, id, expectedVersion);
    await writeItems(tx, id, items);
    await tx
      .update(priceLists)
      .set({ version: sql`${priceLists.version} + 1`, updatedAt: ctx.now() })
      .where(eq(priceLists.id, id));
    await audit({ db: tx, user: ctx.user }, 'price_list.items', 'price_list', id, { items: items.length });
    return (await loadDetail(tx, id))!;
  });
}

export async function deletePriceList(ctx: Ctx, id: string, expectedVersion?: number) {
  await ctx.db.transaction(async (tx) => {
    const row = await lock(tx, id, expectedVersion);
    await tx.delete(priceLists).where(eq(priceLists.id, id));
    await audit({ db: tx, user: ctx.user }, 'price_list.delete', 'price_list', id, { name: row.name });
  });
}
