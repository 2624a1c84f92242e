import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { CreateInvoiceInput, InvoiceDetailDto } from '../../../shared/invoices.ts';
import {
  addDecimal,
  compareDecimal,
  divideRounded,
  lineListAmount,
  normalizeDecimal,
  parseDecimal,
  subtractDecimal,
} from '../../../shared/money.ts';
import { type LineInput, priceLines } from '../../../shared/sales.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { recordHistoryEntry } from '../history/index.ts';
import { nextDocumentNumber } from '../numbering/index.ts';
import { orderLines, orders } from '../orders/orders.schema.ts';
import { products } from '../products/products.schema.ts';
import { resolveCustomer } from '../records/index.ts';
import { getSalesSettings } from '../sales/index.ts';
import { invoiceLines, invoices } from './invoices.schema.ts';
import { getInvoice } from './invoices.service.ts';

/** A line as it goes onto an invoice or credit note: the priced fields plus its links and cost snapshot. */
export type DocLine = LineInput & {
  position?: number;
  orderLineId?: string | null;
  unitCost: number | null;
  /** Set on credit-note lines: the discount amount is negative there (the line's net is). */
  signedDiscountAmount?: number | null;
};

export const addDays = (isoDay: string, days: number) =>
  new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** `part` of a `whole` quantity of `value` (minor units), rounded half away from zero. */
export function prorate(value: number, part: string, whole: string): number {
  const p = parseDecimal(part);
  const w = parseDecimal(whole);
  const scale = Math.max(p.scale, w.scale);
  const pn = p.units * 10n ** BigInt(scale - p.scale);
  const wn = w.units * 10n ** BigInt(scale - w.scale);
  return Number(divideRounded(BigInt(value) * pn, wn));
}

type Header = {
  kind: 'invoice' | 'credit_note';
  orderId: string | null;
  creditedInvoiceId?: string | null;
  contactId: string | null;
  companyId: string | null;
  ownerId: string | null;
  currency: string;
  language: string;
  issuedOn: string;
  paymentTermsDays: number;
  note: string | null;
  billingAddress?: unknown;
};

/**
 * Inserts a document (invoice or credit note) with its lines, number and totals, inside `tx`. A credit note's
 * lines come with negative quantities: they are priced as positive lines and negated, so every amount is the
 * exact mirror of what the same positive lines would cost (rounding is symmetric).
 */
export async function insertDocument(tx: Executor, ctx: Ctx, header: Header, lines: DocLine[]) {
  const sign = header.kind === 'credit_note' ? -1 : 1;
  const positive = lines.map((l) => ({
    ...l,
    quantity: sign < 0 ? normalizeDecimal(l.quantity.replace(/^-/, '')) : l.quantity,
  }));
  const priced = priceLines(positive);
  const cost = positive.reduce(
    (s, l) => (l.unitCost === null ? s : s + lineListAmount({ quantity: l.quantity, unitPrice: l.unitCost })),
    0,
  );
  const uncostedNet = priced.lines.reduce((s, l, i) => (lines[i]!.unitCost === null ? s + l.net : s), 0);
  const flip = (n: number) => (n === 0 ? 0 : sign * n);
  const issued = new Date(`${header.issuedOn}T12:00:00Z`);
  const number = await nextDocumentNumber(tx, header.kind, issued);
  const now = ctx.now();
  const actor = ctx.user.via === 'system' ? null : ctx.user.id;
  const [row] = await tx
    .insert(invoices)
    .values({
      number,
      kind: header.kind,
      status: header.kind === 'credit_note' ? 'paid' : 'open',
      orderId: header.orderId,
      creditedInvoiceId: header.creditedInvoiceId ?? null,
      contactId: header.contactId,
      companyId: header.companyId,
      ownerId: header.ownerId,
      currency: header.currency,
      language: header.language,
      issuedOn: header.issuedOn,
      paymentTermsDays: header.paymentTermsDays,
      dueOn: addDays(header.issuedOn, header.paymentTermsDays),
      net: flip(priced.totals.net),
      tax: flip(priced.totals.tax),
      gross: flip(priced.totals.gross),
      cost: flip(cost),
      uncostedNet: flip(uncostedNet),
      taxBreakdown: priced.taxBreakdown.map((e) => ({ rate: e.rate, net: flip(e.net), tax: flip(e.tax) })),
      billingAddress: header.billingAddress ?? null,
      note: header.note,
      createdById: actor,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: invoices.id });
  const id = row!.id;
  await tx.insert(invoiceLines).values(
    priced.lines.map((l, i) => ({
      invoiceId: id,
      position: lines[i]!.position ?? i + 1,
      orderLineId: lines[i]!.orderLineId ?? null,
      productId: l.productId,
      sku: l.sku,
      description: l.description,
      quantity: sign < 0 ? `-${l.quantity}` : l.quantity,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent,
      discountAmount: l.discountAmount === null ? null : flip(l.discountAmount),
      taxRate: l.taxRate,
      net: flip(l.net),
      unitCost: lines[i]!.unitCost,
    })),
  );
  await recordHistoryEntry(tx, ctx, 'invoice', id, 'create', [
    { field: 'number', old: null, new: number },
    { field: 'gross', old: null, new: flip(priced.totals.gross) },
  ]);
  return { id, number };
}

/** The quantities to invoice from an order's lines (everything not yet invoiced when none are chosen). */
function chooseFromOrder(
  lines: (typeof orderLines.$inferSelect)[],
  picks: { orderLineId: string; quantity: string }[] | null,
  allocatedDiscount: Map<string, number>,
): DocLine[] {
  const remaining = (l: typeof orderLines.$inferSelect) =>
    subtractDecimal(normalizeDecimal(l.quantity), normalizeDecimal(l.invoicedQuantity));
  const chosen: { line: typeof orderLines.$inferSelect; quantity: string }[] = [];
  if (picks) {
    const byId = new Map(lines.map((l) => [l.id, l]));
    const seen = new Set<string>();
    picks.forEach((p, i) => {
      const line = byId.get(p.orderLineId);
      if (!line) throw invalid([{ path: `lines.${i}.orderLineId`, message: 'Not a line of this order' }]);
      if (seen.has(p.orderLineId))
        throw invalid([{ path: `lines.${i}.orderLineId`, message: 'This line is already chosen' }]);
      seen.add(p.orderLineId);
      const left = remaining(line);
      if (compareDecimal(p.quantity, left) > 0)
        throw invalid([
          {
            path: `lines.${i}.quantity`,
            message:
              compareDecimal(left, '0') <= 0
                ? 'This line is already fully invoiced'
                : `At most ${left} of this line is not yet invoiced`,
          },
        ]);
      chosen.push({ line, quantity: p.quantity });
    });
  } else {
    for (const line of lines) {
      const left = remaining(line);
      if (compareDecimal(left, '0') > 0) chosen.push({ line, quantity: left });
    }
    if (!chosen.length)
      throw new AppError('order_fully_invoiced', {
        status: 409,
        detail: 'Every line of this order is already invoiced.',
      });
  }
  return chosen.map(({ line, quantity }) => {
    const whole = normalizeDecimal(line.quantity);
    // A discount off the whole line is shared out in proportion; the part that completes the line takes
    // what is left, so the parts always add up to the order's discount.
    let discountAmount: number | null = line.discountAmount;
    if (discountAmount) {
      const completes =
        compareDecimal(addDecimal(normalizeDecimal(line.invoicedQuantity), quantity), whole) >= 0;
      discountAmount = completes
        ? discountAmount - (allocatedDiscount.get(line.id) ?? 0)
        : prorate(discountAmount, quantity, whole);
    }
    return {
      orderLineId: line.id,
      productId: line.productId,
      sku: line.sku,
      description: line.description,
      quantity,
      unitPrice: line.unitPrice,
      discountPercent: line.discountPercent === null ? null : normalizeDecimal(line.discountPercent),
      discountAmount,
      taxRate: normalizeDecimal(line.taxRate),
      unitCost: line.unitCost,
    };
  });
}

async function customerLanguage(db: Executor, contactId: string | null): Promise<string> {
  if (!contactId) return 'en';
  const [c] = await db
    .select({ language: contacts.language })
    .from(contacts)
    .where(eq(contacts.id, contactId));
  const lang = c?.language ?? 'en';
  return ['en', 'fr', 'de', 'da'].includes(lang) ? lang : 'en';
}

export async function createInvoice(ctx: Ctx, input: CreateInvoiceInput): Promise<InvoiceDetailDto> {
  const settings = await getSalesSettings(ctx.db);
  const issuedOn = input.issuedOn ?? ctx.now().toISOString().slice(0, 10);
  const paymentTermsDays = input.paymentTermsDays ?? settings.paymentTermsDays;
  const actor = ctx.user.via === 'system' ? null : ctx.user.id;
  const id = await ctx.db.transaction(async (tx) => {
    if (input.source === 'order') {
      // The order row lock queues concurrent invoices of the same order: each sees what the other invoiced.
      const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId)).for('update');
      if (!order || order.deletedAt) throw notFound('order');
      if (order.status === 'cancelled')
        throw new AppError('order_cancelled', {
          status: 409,
          detail: 'A cancelled order cannot be invoiced.',
        });
      const lines = await tx
        .select()
        .from(orderLines)
        .where(eq(orderLines.orderId, order.id))
        .orderBy(asc(orderLines.position));
      const allocated = await allocatedDiscounts(
        tx,
        lines.map((l) => l.id),
      );
      const docLines = chooseFromOrder(lines, input.picks, allocated);
      const doc = await insertDocument(
        tx,
        ctx,
        {
          kind: 'invoice',
          orderId: order.id,
          contactId: order.contactId,
          companyId: order.companyId,
          ownerId: order.ownerId ?? actor,
          currency: order.currency,
          language: input.language ?? (await customerLanguage(tx, order.contactId)),
          issuedOn,
          paymentTermsDays,
          note: input.note ?? null,
          billingAddress: order.shippingAddress,
        },
        docLines,
      );
      for (const l of docLines)
        await tx
          .update(orderLines)
          .set({ invoicedQuantity: sql`${orderLines.invoicedQuantity} + ${l.quantity}::numeric` })
          .where(eq(orderLines.id, l.orderLineId!));
      return doc.id;
    }
    const customer = await resolveCustomer(tx, input.contactId, input.companyId);
    const docLines = await withProducts(tx, input.lines, input.currency);
    const doc = await insertDocument(
      tx,
      ctx,
      {
        kind: 'invoice',
        orderId: null,
        ...customer,
        ownerId: actor,
        currency: input.currency,
        language: input.language ?? (await customerLanguage(tx, customer.contactId)),
        issuedOn,
        paymentTermsDays,
        note: input.note ?? null,
      },
      docLines,
    );
    return doc.id;
  });
  return getInvoice(ctx, id);
}

/** Discount amounts already put on (live) invoices, per order line. */
async function allocatedDiscounts(tx: Executor, orderLineIds: string[]): Promise<Map<string, number>> {
  if (!orderLineIds.length) return new Map();
  const rows = await tx
    .select({
      orderLineId: invoiceLines.orderLineId,
      total: sql<string>`coalesce(sum(${invoiceLines.discountAmount}), 0)::text`,
    })
    .from(invoiceLines)
    .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
    .where(
      and(
        inArray(invoiceLines.orderLineId, orderLineIds),
        eq(invoices.kind, 'invoice'),
        sql`${invoices.status} <> 'void'`,
      ),
    )
    .groupBy(invoiceLines.orderLineId);
  return new Map(rows.map((r) => [r.orderLineId!, Number(r.total)]));
}

/** Hand-written lines: products must exist; their cost is the snapshot when it is in the invoice's currency. */
async function withProducts(tx: Executor, lines: LineInput[], currency: string): Promise<DocLine[]> {
  const ids = [...new Set(lines.map((l) => l.productId).filter((v): v is string => Boolean(v)))];
  const known = ids.length
    ? await tx
        .select({
          id: products.id,
          sku: products.sku,
          costPrice: products.costPrice,
          costCurrency: products.costCurrency,
          archivedAt: products.archivedAt,
        })
        .from(products)
        .where(and(inArray(products.id, ids), sql`${products.deletedAt} is null`))
    : [];
  const byId = new Map(known.map((p) => [p.id, p]));
  return lines.map((l, i) => {
    if (compareDecimal(l.quantity, '0') <= 0)
      throw invalid([
        { path: `lines.${i}.quantity`, message: 'Quantity must be above 0 (credit notes are for returns)' },
      ]);
    const p = l.productId ? byId.get(l.productId) : undefined;
    if (l.productId && !p) throw invalid([{ path: `lines.${i}.productId`, message: 'Unknown product' }]);
    if (p?.archivedAt) throw invalid([{ path: `lines.${i}.productId`, message: 'This product is archived' }]);
    return {
      ...l,
      sku: l.sku ?? p?.sku ?? null,
      unitCost: p && p.costPrice !== null && p.costCurrency === currency ? p.costPrice : null,
    };
  });
}
