import { asc, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  daysBetween,
  type InvoiceDetailDto,
  type InvoiceDto,
  type InvoiceLineDto,
  type InvoiceStatus,
  type PaymentDto,
} from '../../../shared/invoices.ts';
import { normalizeDecimal, type TaxBreakdownEntry } from '../../../shared/money.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { latestMailFor } from '../mail/index.ts';
import { orders } from '../orders/orders.schema.ts';
import { documentRecipient } from '../sales/index.ts';
import { invoiceLines, invoices, payments } from './invoices.schema.ts';

const credited = alias(invoices, 'credited');

/** Gross of the live credit notes of an invoice, positive (read through `invoices_credited_idx`). */
export const creditedSum = sql<number>`(select coalesce(-sum(cn.gross), 0)::bigint from invoices cn
  where cn.credited_invoice_id = ${invoices.id} and cn.status <> 'void')`.mapWith(Number);

export const invoiceSelection = {
  ...getTableColumns(invoices),
  contactName: sql<
    string | null
  >`nullif(trim(concat_ws(' ', ${contacts.firstName}, ${contacts.lastName})), '')`,
  companyName: companies.name,
  orderNumber: orders.number,
  creditedInvoiceNumber: credited.number,
  credited: creditedSum,
};
export type InvoiceRow = typeof invoices.$inferSelect & {
  contactName: string | null;
  companyName: string | null;
  orderNumber: string | null;
  creditedInvoiceNumber: string | null;
  credited: number;
};

/** Invoices with their customer's names, order number and credited amount (one query, any page size). */
export const withNames = (db: Executor, extra: Record<string, SQL<string | null>> = {}) =>
  db
    .select({ ...invoiceSelection, ...extra })
    .from(invoices)
    .leftJoin(contacts, eq(contacts.id, invoices.contactId))
    .leftJoin(companies, eq(companies.id, invoices.companyId))
    .leftJoin(orders, eq(orders.id, invoices.orderId))
    .leftJoin(credited, eq(credited.id, invoices.creditedInvoiceId));

/** Today in UTC as `YYYY-MM-DD`: due dates are calendar days, judged by the server's clock. */
export const todayOf = (ctx: Pick<Ctx, 'now'>) => ctx.now().toISOString().slice(0, 10);
export const isUnpaid = (status: string) => status === 'open' || status === 'partially_paid';

export function toInvoiceDto(r: InvoiceRow, today: string): InvoiceDto {
  const overdue = r.kind === 'invoice' && isUnpaid(r.status) && r.dueOn < today;
  const daysLate =
    r.kind !== 'invoice'
      ? null
      : r.status === 'paid' && r.paidAt
        ? Math.max(0, daysBetween(r.dueOn, r.paidAt.toISOString()))
        : overdue
          ? daysBetween(r.dueOn, today)
          : null;
  return {
    id: r.id,
    number: r.number,
    kind: r.kind as InvoiceDto['kind'],
    status: r.status as InvoiceStatus,
    overdue,
    daysLate,
    orderId: r.orderId,
    orderNumber: r.orderNumber,
    creditedInvoiceId: r.creditedInvoiceId,
    creditedInvoiceNumber: r.creditedInvoiceNumber,
    contactId: r.contactId,
    contactName: r.contactName,
    companyId: r.companyId,
    companyName: r.companyName,
    ownerId: r.ownerId,
    currency: r.currency,
    language: r.language,
    issuedOn: r.issuedOn,
    paymentTermsDays: r.paymentTermsDays,
    dueOn: r.dueOn,
    totals: { net: r.net, tax: r.tax, gross: r.gross },
    taxBreakdown: r.taxBreakdown as TaxBreakdownEntry[],
    cost: r.cost,
    paid: r.paid,
    credited: r.credited,
    balance: r.kind === 'invoice' ? r.gross - r.paid - r.credited : 0,
    paidAt: r.paidAt?.toISOString() ?? null,
    note: r.note,
    voidedAt: r.voidedAt?.toISOString() ?? null,
    voidReason: r.voidReason,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function loadInvoices(db: Executor, ids: string[]): Promise<InvoiceRow[]> {
  if (!ids.length) return [];
  return (await withNames(db).where(inArray(invoices.id, ids))) as InvoiceRow[];
}

export async function loadInvoice(db: Executor, id: string): Promise<InvoiceRow | undefined> {
  return (await loadInvoices(db, [id]))[0];
}

type PaymentRow = typeof payments.$inferSelect & { invoiceNumber: string };
export const paymentSelection = { ...getTableColumns(payments), invoiceNumber: invoices.number };

export function toPaymentDto(p: PaymentRow): PaymentDto {
  return {
    id: p.id,
    invoiceId: p.invoiceId,
    invoiceNumber: p.invoiceNumber,
    amount: p.amount,
    currency: p.currency,
    receivedAt: p.receivedAt.toISOString(),
    method: p.method,
    reference: p.reference,
    source: p.source,
    externalId: p.externalId,
    createdById: p.createdById,
    createdAt: p.createdAt.toISOString(),
  };
}

export async function loadPayments(db: Executor, where: SQL): Promise<PaymentDto[]> {
  const rows = await db
    .select(paymentSelection)
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .where(where)
    .orderBy(asc(payments.receivedAt), asc(payments.createdAt), asc(payments.id));
  return rows.map(toPaymentDto);
}

/**
 * Quantities (and discount amounts, positive) already credited per line of an invoice. A credit note's line
 * keeps the `position` of the invoice line it credits, which is how the two are paired.
 */
export async function creditedByPosition(
  db: Executor,
  invoiceId: string,
): Promise<Map<number, { quantity: string; discount: number }>> {
  const rows = await db.execute<{ position: number; q: string; d: string }>(sql`
    select l.position, coalesce(-sum(l.quantity), 0)::text as q, coalesce(-sum(l.discount_amount), 0)::text as d
    from ${invoiceLines} l join ${invoices} cn on cn.id = l.invoice_id
    where cn.credited_invoice_id = ${invoiceId} and cn.status <> 'void'
    group by l.position`);
  return new Map(
    rows.rows.map((r) => [
      Number(r.position),
      { quantity: normalizeDecimal(String(r.q)), discount: Number(r.d) },
    ]),
  );
}

export async function getInvoice(ctx: Ctx, id: string): Promise<InvoiceDetailDto> {
  const row = await loadInvoice(ctx.db, id);
  if (!row) throw notFound('invoice');
  const [lines, paid, notes, creditedQ, recipient, mail] = await Promise.all([
    ctx.db
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, id))
      .orderBy(asc(invoiceLines.position)),
    loadPayments(ctx.db, eq(payments.invoiceId, id)),
    ctx.db
      .select({
        id: invoices.id,
        number: invoices.number,
        issuedOn: invoices.issuedOn,
        gross: invoices.gross,
        status: invoices.status,
      })
      .from(invoices)
      .where(eq(invoices.creditedInvoiceId, id))
      .orderBy(asc(invoices.issuedOn), asc(invoices.number)),
    row.kind === 'invoice' ? creditedByPosition(ctx.db, id) : Promise.resolve(new Map()),
    documentRecipient(ctx.db, row.contactId, row.companyId),
    latestMailFor(ctx.db, 'invoice', id),
  ]);
  return {
    ...toInvoiceDto(row, todayOf(ctx)),
    lines: lines.map(
      (l): InvoiceLineDto => ({
        id: l.id,
        position: l.position,
        orderLineId: l.orderLineId,
        productId: l.productId,
        sku: l.sku,
        description: l.description,
        quantity: normalizeDecimal(l.quantity),
        unitPrice: l.unitPrice,
        discountPercent: l.discountPercent === null ? null : normalizeDecimal(l.discountPercent),
        discountAmount: l.discountAmount,
        taxRate: normalizeDecimal(l.taxRate),
        net: l.net,
        unitCost: l.unitCost,
        creditedQuantity: creditedQ.get(l.position)?.quantity ?? '0',
      }),
    ),
    payments: paid,
    creditNotes: notes.map((n) => ({ ...n, gross: -n.gross })),
    recipient: recipient.email,
    mail: mail
      ? { status: mail.status, sentAt: mail.sentAt?.toISOString() ?? null, lastError: mail.lastError }
      : null,
  };
}

/**
 * The payment state of an invoice from what was paid and credited: nothing → open, some → partially paid,
 * all (or more) → paid, with `paidAt` the moment it was settled (kept once set). Call with the row locked.
 */
export async function settle(
  tx: Executor,
  locked: typeof invoices.$inferSelect,
  paid: number,
  settledAt: Date,
  now: Date,
) {
  const [row] = await tx
    .execute<{ c: string }>(
      sql`select coalesce(-sum(gross), 0)::text as c from ${invoices} where credited_invoice_id = ${locked.id} and status <> 'void'`,
    )
    .then((r) => r.rows);
  const creditedAmount = Number(row?.c ?? 0);
  const due = locked.gross - creditedAmount;
  const status: InvoiceStatus = paid >= due ? 'paid' : paid > 0 ? 'partially_paid' : 'open';
  const paidAt = status === 'paid' ? (locked.paidAt ?? (paid > 0 ? settledAt : null)) : null;
  await tx
    .update(invoices)
    .set({ paid, status, paidAt, version: sql`${invoices.version} + 1`, updatedAt: now })
    .where(eq(invoices.id, locked.id));
  return { status, paidAt, credited: creditedAmount };
}
