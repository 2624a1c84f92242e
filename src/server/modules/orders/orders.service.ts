import { asc, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { normalizeDecimal, type TaxBreakdownEntry } from '../../../shared/money.ts';
import {
  type CreateOrderInput,
  type OrderDto,
  type OrderLineDto,
  type OrderStatus,
  type OrderSummary,
  orderTransitions,
  type UpdateOrderInput,
} from '../../../shared/orders.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { deals } from '../deals/deals.schema.ts';
import { diff, eraseHistoryOf, recordHistoryEntry } from '../history/index.ts';
import { quotes } from '../quotes/quotes.schema.ts';
import { assertCanAssign, assertCanEdit, assertVersion, RECYCLE_BIN_DAYS } from '../records/index.ts';
import { audit } from '../system/index.ts';
import { users } from '../users/users.schema.ts';
import { createOrderCore, snapshotLines } from './orders.create.ts';
import { orderLines, orders } from './orders.schema.ts';

export type OrderRow = typeof orders.$inferSelect & {
  contactName: string | null;
  companyName: string | null;
  ownerName: string | null;
  quoteNumber: string | null;
  dealTitle: string | null;
};

const owner = alias(users, 'owner');
export const orderSelection = {
  ...getTableColumns(orders),
  contactName: sql<
    string | null
  >`nullif(trim(concat_ws(' ', ${contacts.firstName}, ${contacts.lastName})), '')`,
  companyName: companies.name,
  ownerName: sql<string | null>`coalesce(nullif(${owner.name}, ''), ${owner.email})`,
  quoteNumber: quotes.number,
  dealTitle: deals.title,
};

/** Orders with the names of their customer, owner, quote and deal (one query, whatever the page size). */
export const withNames = (db: Executor, extra: Record<string, SQL<string | null>> = {}) =>
  db
    .select({ ...orderSelection, ...extra })
    .from(orders)
    .leftJoin(contacts, eq(contacts.id, orders.contactId))
    .leftJoin(companies, eq(companies.id, orders.companyId))
    .leftJoin(owner, eq(owner.id, orders.ownerId))
    .leftJoin(quotes, eq(quotes.id, orders.quoteId))
    .leftJoin(deals, eq(deals.id, orders.dealId));

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toOrderSummary(r: OrderRow): OrderSummary {
  return {
    id: r.id,
    number: r.number,
    status: r.status as OrderStatus,
    channel: r.channel as OrderSummary['channel'],
    contactId: r.contactId,
    contactName: r.contactName,
    companyId: r.companyId,
    companyName: r.companyName,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    currency: r.currency,
    orderedAt: r.orderedAt.toISOString(),
    totals: { net: r.net, tax: r.tax, gross: r.gross },
    cost: r.cost,
    uncostedNet: r.uncostedNet,
    margin: r.net - r.uncostedNet - r.cost,
    source: r.source,
    externalId: r.externalId,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: iso(r.deletedAt),
  };
}

const decimalOrNull = (v: string | null) => (v === null ? null : normalizeDecimal(v));

function toLineDto(l: typeof orderLines.$inferSelect): OrderLineDto {
  return {
    id: l.id,
    position: l.position,
    productId: l.productId,
    sku: l.sku,
    description: l.description,
    quantity: normalizeDecimal(l.quantity),
    unitPrice: l.unitPrice,
    discountPercent: decimalOrNull(l.discountPercent),
    discountAmount: l.discountAmount,
    taxRate: normalizeDecimal(l.taxRate),
    net: l.net,
    unitCost: l.unitCost,
    invoicedQuantity: normalizeDecimal(l.invoicedQuantity),
    returnedQuantity: normalizeDecimal(l.returnedQuantity),
  };
}

export function toOrderDto(r: OrderRow, lines: (typeof orderLines.$inferSelect)[]): OrderDto {
  return {
    ...toOrderSummary(r),
    quoteId: r.quoteId,
    quoteNumber: r.quoteNumber,
    dealId: r.dealId,
    dealTitle: r.dealTitle,
    confirmedAt: iso(r.confirmedAt),
    shippedAt: iso(r.shippedAt),
    deliveredAt: iso(r.deliveredAt),
    cancelledAt: iso(r.cancelledAt),
    returnedAt: iso(r.returnedAt),
    nextStatuses: r.deletedAt ? [] : [...orderTransitions[r.status as OrderStatus]],
    lines: lines.map(toLineDto),
    taxBreakdown: (r.taxBreakdown as TaxBreakdownEntry[]).map((e) => ({
      ...e,
      rate: normalizeDecimal(e.rate),
    })),
    shippingAddress: (r.shippingAddress as OrderDto['shippingAddress']) ?? null,
    note: r.note,
    createdById: r.createdById,
  };
}

export async function loadOrders(db: Executor, ids: string[]): Promise<OrderRow[]> {
  if (!ids.length) return [];
  return (await withNames(db).where(inArray(orders.id, ids))) as OrderRow[];
}

async function loadFull(db: Executor, id: string): Promise<OrderDto | undefined> {
  const [row] = await loadOrders(db, [id]);
  if (!row) return undefined;
  const lines = await db
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, id))
    .orderBy(asc(orderLines.position));
  return toOrderDto(row, lines);
}

export async function getOrder(ctx: Ctx, id: string, opts: { includeDeleted?: boolean } = {}) {
  const found = await loadFull(ctx.db, id);
  if (!found || (found.deletedAt && !opts.includeDeleted)) throw notFound('order');
  return found;
}

const actorId = (ctx: Ctx) => (ctx.user.via === 'system' ? null : ctx.user.id);

/** Fast entry by a person: archived products are refused, the owner must be assignable. */
export async function createOrder(ctx: Ctx, input: CreateOrderInput): Promise<OrderDto> {
  const ownerId = input.ownerId === undefined ? actorId(ctx) : input.ownerId;
  if (ownerId !== actorId(ctx)) await assertCanAssign(ctx, ownerId);
  await snapshotLines(ctx.db, input.lines, input.currency, { refuseArchived: true });
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { id } = await createOrderCore(txCtx, {
      contactId: input.contactId,
      companyId: input.companyId,
      channel: input.channel,
      currency: input.currency,
      orderedAt: input.orderedAt ? new Date(input.orderedAt) : undefined,
      lines: input.lines,
      note: input.note ?? null,
      shippingAddress: input.shippingAddress ?? null,
      ownerId,
    });
    if (ownerId === null) await tx.update(orders).set({ ownerId: null }).where(eq(orders.id, id));
    return (await loadFull(tx, id))!;
  });
}

const historyFields = ['ownerId', 'note', 'shippingAddress', 'lines', 'net', 'tax', 'gross', 'cost'] as const;
const historyOf = (o: OrderDto): Record<string, unknown> => ({
  ownerId: o.ownerId,
  note: o.note,
  shippingAddress: o.shippingAddress,
  lines: o.lines.map((l) => `${l.quantity} × ${l.description}`),
  net: o.totals.net,
  tax: o.totals.tax,
  gross: o.totals.gross,
  cost: o.cost,
});

async function lockOrder(tx: Executor, id: string) {
  const [row] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
  if (!row || row.deletedAt) throw notFound('order');
  return row;
}

/**
 * Note, shipping address and owner at any time; the lines (with totals and cost snapshots recomputed) only
 * while the order is `new` — once confirmed, what was sold is fixed (a return or credit note changes it).
 */
export async function updateOrder(
  ctx: Ctx,
  id: string,
  input: UpdateOrderInput,
  expectedVersion?: number,
): Promise<OrderDto> {
  return ctx.db.transaction(async (tx) => {
    const locked = await lockOrder(tx, id);
    const txCtx = { ...ctx, db: tx };
    await assertCanEdit(txCtx, locked.ownerId);
    assertVersion(locked.version, expectedVersion);
    if (input.ownerId !== undefined && input.ownerId !== locked.ownerId && input.ownerId !== actorId(ctx))
      await assertCanAssign(txCtx, input.ownerId);
    if (input.lines && locked.status !== 'new')
      throw new AppError('order_lines_locked', {
        status: 409,
        detail: 'The lines of an order can be changed only while it is new.',
        errors: [{ path: 'lines', message: `The order is ${locked.status}` }],
      });
    const before = (await loadFull(tx, id))!;
    const now = ctx.now();
    const set: Partial<typeof orders.$inferInsert> = {
      ...(input.note !== undefined ? { note: input.note } : {}),
      ...(input.shippingAddress !== undefined ? { shippingAddress: input.shippingAddress } : {}),
      ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
    };
    if (input.lines) {
      const snap = await snapshotLines(tx, input.lines, locked.currency, { refuseArchived: true });
      Object.assign(set, {
        net: snap.totals.net,
        tax: snap.totals.tax,
        gross: snap.totals.gross,
        cost: snap.cost,
        uncostedNet: snap.uncostedNet,
        taxBreakdown: snap.taxBreakdown,
      });
      await tx.delete(orderLines).where(eq(orderLines.orderId, id));
      await tx.insert(orderLines).values(snap.rows(id));
    }
    if (!Object.keys(set).length) return before;
    await tx
      .update(orders)
      .set({ ...set, version: sql`${orders.version} + 1`, updatedAt: now })
      .where(eq(orders.id, id));
    const after = (await loadFull(tx, id))!;
    await recordHistoryEntry(
      tx,
      ctx,
      'order',
      id,
      'update',
      diff(historyOf(before), historyOf(after), historyFields),
    );
    return after;
  });
}

const stampOf: Record<OrderStatus, keyof typeof orders.$inferInsert | null> = {
  new: null,
  confirmed: 'confirmedAt',
  shipped: 'shippedAt',
  delivered: 'deliveredAt',
  cancelled: 'cancelledAt',
  returned: 'returnedAt',
};

/** One step of the status machine (`orderTransitions`), with its time; anything else → 422 naming the allowed steps. */
export async function changeOrderStatus(
  ctx: Ctx,
  id: string,
  status: OrderStatus,
  expectedVersion?: number,
): Promise<OrderDto> {
  return ctx.db.transaction(async (tx) => {
    const locked = await lockOrder(tx, id);
    await assertCanEdit({ ...ctx, db: tx }, locked.ownerId);
    assertVersion(locked.version, expectedVersion);
    const from = locked.status as OrderStatus;
    const allowed = orderTransitions[from];
    if (!allowed.includes(status))
      throw new AppError('invalid_status_transition', {
        status: 422,
        detail: allowed.length
          ? `A ${from} order can move to ${allowed.join(' or ')}, not ${status}.`
          : `A ${from} order cannot change its status.`,
        errors: [
          {
            path: 'status',
            message: allowed.length ? `Allowed next: ${allowed.join(', ')}` : 'No further status',
          },
        ],
        extra: { allowed },
      });
    const stamp = stampOf[status];
    const now = ctx.now();
    await tx
      .update(orders)
      .set({
        status,
        ...(stamp ? { [stamp]: now } : {}),
        version: sql`${orders.version} + 1`,
        updatedAt: now,
      })
      .where(eq(orders.id, id));
    await recordHistoryEntry(tx, ctx, 'order', id, 'update', [{ field: 'status', old: from, new: status }]);
    return (await loadFull(tx, id))!;
  });
}

/** Only a `new` order goes to the recycle bin; a confirmed one is a business fact: cancel or return it. */
export async function deleteOrder(ctx: Ctx, id: string, expectedVersion?: number) {
  await ctx.db.transaction(async (tx) => {
    const row = await lockOrder(tx, id);
    await assertCanEdit({ ...ctx, db: tx }, row.ownerId);
    assertVersion(row.version, expectedVersion);
    if (row.status !== 'new')
      throw new AppError('order_not_deletable', {
        status: 409,
        detail: 'Only new orders can be deleted; cancel or return this one instead.',
        errors: [{ path: 'status', message: `The order is ${row.status}` }],
      });
    await tx
      .update(orders)
      .set({ deletedAt: ctx.now(), deletedById: actorId(ctx), version: sql`${orders.version} + 1` })
      .where(eq(orders.id, id));
    await recordHistoryEntry(tx, ctx, 'order', id, 'delete', []);
  });
}

export async function restoreOrder(ctx: Ctx, id: string): Promise<OrderDto> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
    if (!row?.deletedAt) throw notFound('order');
    await assertCanEdit({ ...ctx, db: tx }, row.ownerId);
    await tx
      .update(orders)
      .set({ deletedAt: null, deletedById: null, version: sql`${orders.version} + 1`, updatedAt: ctx.now() })
      .where(eq(orders.id, id));
    await recordHistoryEntry(tx, ctx, 'order', id, 'restore', []);
    return (await loadFull(tx, id))!;
  });
}

/**
 * Orders in the recycle bin (only ever `new` ones: a confirmed order cannot be binned) longer than the
 * retention period are erased for good, with their lines and history. Their numbers are not reused.
 */
export async function purgeOrderRecycleBin(ctx: Ctx): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - RECYCLE_BIN_DAYS * 86_400_000);
  const expired = await ctx.db
    .select({ id: orders.id })
    .from(orders)
    .where(
      sql`${orders.deletedAt} is not null and ${orders.deletedAt} < ${cutoff.toISOString()}::timestamptz`,
    )
    .limit(1000);
  if (!expired.length) return 0;
  const ids = expired.map((r) => r.id);
  await ctx.db.transaction(async (tx) => {
    await eraseHistoryOf(
      tx,
      'order',
      tx.select({ id: orders.id }).from(orders).where(inArray(orders.id, ids)),
    );
    await tx.delete(orders).where(inArray(orders.id, ids));
    await audit({ db: tx, user: ctx.user }, 'order.purge', 'order', null, { count: ids.length });
  });
  return ids.length;
}
