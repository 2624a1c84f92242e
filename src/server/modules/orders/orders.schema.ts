import { sql } from 'drizzle-orm';
import {
  bigint,
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
import { deals } from '../deals/deals.schema.ts';
import { products } from '../products/products.schema.ts';
import { quotes } from '../quotes/quotes.schema.ts';
import { users } from '../users/users.schema.ts';

/**
 * An order: from an accepted quote, entered by hand, or ingested from a web shop (idempotent by `source` +
 * `external_id`). Status new → confirmed → shipped → delivered, or cancelled / returned, each with its time.
 * Totals are computed from the lines by `src/shared/money.ts`; `cost` is the sum of the lines' cost
 * snapshots, so margin = net − cost stays what it was on the day of the sale.
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    status: text('status').notNull().default('new'),
    channel: text('channel').notNull().default('sales'),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    quoteId: uuid('quote_id').references(() => quotes.id, { onDelete: 'set null' }),
    dealId: uuid('deal_id').references(() => deals.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    currency: text('currency').notNull(),
    orderedAt: timestamp('ordered_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    shippedAt: timestamp('shipped_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    net: bigint('net', { mode: 'number' }).notNull().default(0),
    tax: bigint('tax', { mode: 'number' }).notNull().default(0),
    gross: bigint('gross', { mode: 'number' }).notNull().default(0),
    cost: bigint('cost', { mode: 'number' }).notNull().default(0),
    /** The net of the lines without a known cost: the margin is computed over the rest of the net. */
    uncostedNet: bigint('uncosted_net', { mode: 'number' }).notNull().default(0),
    taxBreakdown: jsonb('tax_breakdown').notNull().default([]),
    shippingAddress: jsonb('shipping_address'),
    note: text('note'),
    source: text('source'),
    externalId: text('external_id'),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedById: uuid('deleted_by_id'),
  },
  (t) => {
    const live = sql`${t.deletedAt} is null`;
    return [
      uniqueIndex('orders_number_idx').on(t.number),
      uniqueIndex('orders_external_idx').on(t.source, t.externalId).where(sql`${t.externalId} is not null`),
      index('orders_ordered_idx').on(t.orderedAt.desc(), t.id.desc()).where(live),
      index('orders_status_idx').on(t.status, t.orderedAt.desc(), t.id.desc()).where(live),
      index('orders_contact_idx').on(t.contactId, t.orderedAt.desc(), t.id.desc()).where(live),
      index('orders_company_idx').on(t.companyId, t.orderedAt.desc(), t.id.desc()).where(live),
      index('orders_quote_idx').on(t.quoteId).where(live),
      index('orders_deleted_idx').on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
    ];
  },
);

/** An order's lines, with the price and cost as they were when ordered; invoiced and returned so far. */
export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    sku: text('sku'),
    description: text('description').notNull(),
    quantity: numeric('quantity', { precision: 16, scale: 4 }).notNull(),
    unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
    discountPercent: numeric('discount_percent', { precision: 7, scale: 4 }),
    discountAmount: bigint('discount_amount', { mode: 'number' }),
    taxRate: numeric('tax_rate', { precision: 6, scale: 3 }).notNull(),
    net: bigint('net', { mode: 'number' }).notNull(),
    /** Cost per unit in the order's currency when ordered (null: unknown, counted as 0 in margins). */
    unitCost: bigint('unit_cost', { mode: 'number' }),
    invoicedQuantity: numeric('invoiced_quantity', { precision: 16, scale: 4 }).notNull().default('0'),
    returnedQuantity: numeric('returned_quantity', { precision: 16, scale: 4 }).notNull().default('0'),
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId, t.position),
    // Purchase history per product (next-best-offer, "who bought X").
    index('order_lines_product_idx').on(t.productId),
  ],
);
