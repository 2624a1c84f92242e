import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { orderLines, orders } from '../orders/orders.schema.ts';
import { products } from '../products/products.schema.ts';
import { users } from '../users/users.schema.ts';

/**
 * An invoice or a credit note (`kind`), numbered per year in its own sequence. Issued from an order (whole or
 * some of its lines) or by hand; a credit note refers to the invoice it credits and carries negative amounts.
 * `paid` is the sum of its payments; `status` is open | partially_paid | paid | void (overdue is open or
 * partially paid past `due_on`, computed when read). `paid_at` is when the last payment completed it, for
 * days late and average days to pay. Invoices are never deleted, only voided (bookkeeping law).
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    kind: text('kind').notNull().default('invoice'),
    status: text('status').notNull().default('open'),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    creditedInvoiceId: uuid('credited_invoice_id').references((): AnyPgColumn => invoices.id),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    currency: text('currency').notNull(),
    language: text('language').notNull().default('en'),
    issuedOn: date('issued_on').notNull(),
    paymentTermsDays: integer('payment_terms_days').notNull().default(30),
    dueOn: date('due_on').notNull(),
    net: bigint('net', { mode: 'number' }).notNull(),
    tax: bigint('tax', { mode: 'number' }).notNull(),
    gross: bigint('gross', { mode: 'number' }).notNull(),
    cost: bigint('cost', { mode: 'number' }).notNull().default(0),
    /** The net of the lines sold without a known cost: the margin is computed over the rest of the net. */
    uncostedNet: bigint('uncosted_net', { mode: 'number' }).notNull().default(0),
    taxBreakdown: jsonb('tax_breakdown').notNull(),
    paid: bigint('paid', { mode: 'number' }).notNull().default(0),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    billingAddress: jsonb('billing_address'),
    note: text('note'),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidReason: text('void_reason'),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => {
    const unpaid = sql`${t.status} in ('open', 'partially_paid')`;
    return [
      uniqueIndex('invoices_number_idx').on(t.number),
      index('invoices_issued_idx').on(t.issuedOn.desc(), t.id.desc()),
      index('invoices_status_idx').on(t.status, t.issuedOn.desc(), t.id.desc()),
      // Overdue and open lists: unpaid invoices by due date.
      index('invoices_due_idx').on(t.dueOn, t.id).where(unpaid),
      index('invoices_contact_idx').on(t.contactId, t.issuedOn.desc(), t.id.desc()),
      index('invoices_company_idx').on(t.companyId, t.issuedOn.desc(), t.id.desc()),
      index('invoices_order_idx').on(t.orderId),
      index('invoices_credited_idx').on(t.creditedInvoiceId).where(sql`${t.creditedInvoiceId} is not null`),
    ];
  },
);

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    orderLineId: uuid('order_line_id').references(() => orderLines.id, { onDelete: 'set null' }),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    sku: text('sku'),
    description: text('description').notNull(),
    quantity: numeric('quantity', { precision: 16, scale: 4 }).notNull(),
    unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
    discountPercent: numeric('discount_percent', { precision: 7, scale: 4 }),
    discountAmount: bigint('discount_amount', { mode: 'number' }),
    taxRate: numeric('tax_rate', { precision: 6, scale: 3 }).notNull(),
    net: bigint('net', { mode: 'number' }).notNull(),
    unitCost: bigint('unit_cost', { mode: 'number' }),
  },
  (t) => [
    index('invoice_lines_invoice_idx').on(t.invoiceId, t.position),
    index('invoice_lines_order_line_idx').on(t.orderLineId),
  ],
);

/**
 * A payment received against an invoice (several per invoice, partial allowed), by hand or over the API.
 * Idempotent by (`source`, `external_id`) when given, like ingested interactions.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    method: text('method').notNull().default('bank_transfer'),
    reference: text('reference'),
    source: text('source'),
    externalId: text('external_id'),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('payments_invoice_idx').on(t.invoiceId, t.receivedAt),
    index('payments_received_idx').on(t.receivedAt.desc(), t.id.desc()),
    uniqueIndex('payments_external_idx').on(t.source, t.externalId).where(sql`${t.externalId} is not null`),
  ],
);
