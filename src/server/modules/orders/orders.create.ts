import { inArray } from 'drizzle-orm';
import { lineListAmount } from '../../../shared/money.ts';
import { type LineInput, priceLines } from '../../../shared/sales.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { invalid } from '../../http/errors.ts';
import { recordHistoryEntry } from '../history/index.ts';
import { nextDocumentNumber } from '../numbering/index.ts';
import { products } from '../products/products.schema.ts';
import { resolveCustomer } from '../records/index.ts';
import { orderLines, orders } from './orders.schema.ts';

export type CreateOrderCore = {
  contactId?: string | null;
  companyId?: string | null;
  quoteId?: string | null;
  dealId?: string | null;
  ownerId?: string | null;
  channel: 'web' | 'shop' | 'phone' | 'sales';
  /** Where the order starts; a web shop may send orders already shipped or delivered. */
  status?: 'new' | 'confirmed' | 'shipped' | 'delivered';
  currency: string;
  orderedAt?: Date;
  lines: LineInput[];
  note?: string | null;
  shippingAddress?: unknown;
  source?: string | null;
  externalId?: string | null;
};

/**
 * The products the lines name, checked (unknown, binned or — for new entries — archived ones are refused
 * with the line's path), with each line's cost snapshot: the product's cost price when it is kept in the
 * order's currency, otherwise unknown (null, counted as 0 in margins). One query for all lines.
 */
export async function snapshotLines(
  db: Executor,
  lines: LineInput[],
  currency: string,
  opts: { refuseArchived?: boolean } = {},
) {
  const ids = [...new Set(lines.map((l) => l.productId).filter((id): id is string => Boolean(id)))];
  const known = ids.length
    ? await db
        .select({
          id: products.id,
          sku: products.sku,
          costPrice: products.costPrice,
          costCurrency: products.costCurrency,
          archivedAt: products.archivedAt,
          deletedAt: products.deletedAt,
        })
        .from(products)
        .where(inArray(products.id, ids))
    : [];
  const byId = new Map(known.filter((p) => !p.deletedAt).map((p) => [p.id, p]));
  const errors: { path: string; message: string }[] = [];
  lines.forEach((l, i) => {
    if (!l.productId) return;
    const p = byId.get(l.productId);
    if (!p) errors.push({ path: `lines.${i}.productId`, message: 'Unknown product' });
    else if (opts.refuseArchived && p.archivedAt)
      errors.push({ path: `lines.${i}.productId`, message: 'This product is archived' });
  });
  if (errors.length) throw invalid(errors);
  const priced = priceLines(lines);
  const unitCosts = lines.map((l) => {
    const p = l.productId ? byId.get(l.productId) : undefined;
    return p && p.costPrice !== null && p.costCurrency === currency ? p.costPrice : null;
  });
  const cost = lines.reduce((sum, l, i) => {
    const unit = unitCosts[i];
    return unit === null || unit === undefined
      ? sum
      : sum + lineListAmount({ quantity: l.quantity, unitPrice: unit });
  }, 0);
  const uncostedNet = priced.lines.reduce((sum, l, i) => (unitCosts[i] == null ? sum + l.net : sum), 0);
  const rows = (orderId: string) =>
    priced.lines.map((l, i) => ({
      orderId,
      position: i + 1,
      productId: l.productId,
      sku: l.sku ?? (l.productId ? (byId.get(l.productId)?.sku ?? null) : null),
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent,
      discountAmount: l.discountAmount,
      taxRate: l.taxRate,
      net: l.net,
      unitCost: unitCosts[i] ?? null,
    }));
  return { totals: priced.totals, taxBreakdown: priced.taxBreakdown, cost, uncostedNet, rows };
}

/**
 * Creates an order with its lines in one transaction (the caller's, when it has one): number, totals from
 * `src/shared/money.ts`, and each line's cost snapshot from the product's cost price when that is in the
 * order's currency (otherwise unknown). Used by order entry, the web-shop ingest and quote acceptance.
 */
export async function createOrderCore(
  ctx: Ctx,
  input: CreateOrderCore,
): Promise<{ id: string; number: string }> {
  if (!input.lines.length) throw invalid([{ path: 'lines', message: 'An order needs at least one line' }]);
  const customer = await resolveCustomer(ctx.db, input.contactId, input.companyId);
  const snap = await snapshotLines(ctx.db, input.lines, input.currency);
  const now = ctx.now();
  const status = input.status ?? 'new';
  const reached = (s: 'confirmed' | 'shipped' | 'delivered') =>
    ['confirmed', 'shipped', 'delivered'].indexOf(status) >= ['confirmed', 'shipped', 'delivered'].indexOf(s)
      ? now
      : null;
  const actor = ctx.user.via === 'system' ? null : ctx.user.id;
  return ctx.db.transaction(async (tx) => {
    const number = await nextDocumentNumber(tx, 'order', input.orderedAt ?? now);
    const [order] = await tx
      .insert(orders)
      .values({
        number,
        status,
        confirmedAt: reached('confirmed'),
        shippedAt: reached('shipped'),
        deliveredAt: reached('delivered'),
        channel: input.channel,
        ...customer,
        quoteId: input.quoteId ?? null,
        dealId: input.dealId ?? null,
        ownerId: input.ownerId ?? actor,
        currency: input.currency,
        orderedAt: input.orderedAt ?? now,
        net: snap.totals.net,
        tax: snap.totals.tax,
        gross: snap.totals.gross,
        cost: snap.cost,
        uncostedNet: snap.uncostedNet,
        taxBreakdown: snap.taxBreakdown,
        shippingAddress: input.shippingAddress ?? null,
        note: input.note ?? null,
        source: input.source ?? null,
        externalId: input.externalId ?? null,
        createdById: actor,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: orders.id });
    const id = order!.id;
    await tx.insert(orderLines).values(snap.rows(id));
    await recordHistoryEntry(tx, ctx, 'order', id, 'create', [
      { field: 'number', old: null, new: number },
      { field: 'status', old: null, new: status },
      { field: 'gross', old: null, new: snap.totals.gross },
    ]);
    return { id, number };
  });
}
