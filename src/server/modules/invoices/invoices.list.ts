import { type SQL, sql } from 'drizzle-orm';
import type { InvoiceListQuery, PaymentListQuery } from '../../../shared/invoices.ts';
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
import { invoices as i, payments as p } from './invoices.schema.ts';
import {
  type InvoiceRow,
  paymentSelection,
  todayOf,
  toInvoiceDto,
  toPaymentDto,
  withNames,
} from './invoices.service.ts';

const newestIssued: SortKey[] = [
  {
    name: 'issuedOn',
    expr: sql`${i.issuedOn}`,
    desc: true,
    cast: 'date',
    nullable: false,
    descIndexed: true,
  },
];
// Overdue lists read the partial index `invoices_due_idx (due_on, id) where status in ('open','partially_paid')`:
// the predicate is written out so the planner sees the query asks for a subset of the index's rows.
const oldestDue: SortKey[] = [
  { name: 'dueOn', expr: sql`${i.dueOn}`, desc: false, cast: 'date', nullable: false },
];
const unpaid = sql`${i.status} in ('open', 'partially_paid')`;

/** The SELECT of one page (exported for the plan checks in the tests). */
export function invoiceListStatement(ctx: Ctx, q: InvoiceListQuery) {
  const parts: SQL[] = [];
  const overdue = q.status === 'overdue';
  if (overdue) parts.push(unpaid, sql`${i.dueOn} < ${todayOf(ctx)}::date`, sql`${i.kind} = 'invoice'`);
  else if (q.status) parts.push(sql`${i.status} = ${q.status}`);
  if (q.kind) parts.push(sql`${i.kind} = ${q.kind}`);
  if (q.contactId) parts.push(sql`${i.contactId} = ${q.contactId}`);
  if (q.companyId) parts.push(sql`${i.companyId} = ${q.companyId}`);
  if (q.orderId) parts.push(sql`${i.orderId} = ${q.orderId}`);
  if (q.issuedFrom) parts.push(sql`${i.issuedOn} >= ${q.issuedFrom}::date`);
  if (q.issuedTo) parts.push(sql`${i.issuedOn} <= ${q.issuedTo}::date`);
  if (q.q) parts.push(sql`${i.number} like ${`${likeEscape(q.q.toUpperCase())}%`}`);
  const keys = overdue ? oldestDue : newestIssued;
  if (q.cursor) parts.push(keysetWhere(keys, sql`${i.id}`, decodeCursor(q.cursor, keys)));
  return {
    keys,
    statement: withNames(ctx.db, sortColumns(keys))
      .where(parts.length ? sql.join(parts, sql` and `) : sql`true`)
      .orderBy(orderBy(keys, sql`${i.id}`))
      .limit(q.limit + 1),
  };
}

export async function listInvoices(ctx: Ctx, q: InvoiceListQuery) {
  const { keys, statement } = invoiceListStatement(ctx, q);
  const rows = (await statement) as (InvoiceRow & Record<string, unknown>)[];
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const today = todayOf(ctx);
  return {
    data: page.map((r) => toInvoiceDto(r, today)),
    nextCursor: rows.length > q.limit && last ? encodeCursor(keys, last, last.id) : null,
  };
}

const newestReceived: SortKey[] = [
  {
    name: 'receivedAt',
    expr: sql`${p.receivedAt}`,
    desc: true,
    cast: 'timestamptz',
    nullable: false,
    descIndexed: true,
  },
];

/** Payments, latest received first (`payments_received_idx`); of one invoice through `payments_invoice_idx`. */
export async function listPayments(ctx: Ctx, q: PaymentListQuery) {
  const parts: SQL[] = [];
  if (q.invoiceId) parts.push(sql`${p.invoiceId} = ${q.invoiceId}`);
  if (q.receivedFrom) parts.push(sql`${p.receivedAt} >= ${q.receivedFrom}::timestamptz`);
  if (q.receivedTo) parts.push(sql`${p.receivedAt} < ${q.receivedTo}::timestamptz`);
  if (q.cursor) parts.push(keysetWhere(newestReceived, sql`${p.id}`, decodeCursor(q.cursor, newestReceived)));
  const rows = await ctx.db
    .select({ ...paymentSelection, ...sortColumns(newestReceived) })
    .from(p)
    .innerJoin(i, sql`${i.id} = ${p.invoiceId}`)
    .where(parts.length ? sql.join(parts, sql` and `) : sql`true`)
    .orderBy(orderBy(newestReceived, sql`${p.id}`))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toPaymentDto),
    nextCursor:
      rows.length > q.limit && last
        ? encodeCursor(newestReceived, last as unknown as Record<string, unknown>, last.id)
        : null,
  };
}
