import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { deals } from '../deals/deals.schema.ts';
import { users } from '../users/users.schema.ts';

/**
 * A quote (offer) to a contact and/or company, numbered per year (`Q-2026-0001`). Its content lives in
 * `quote_versions`: revising a sent quote adds a version and keeps the old one readable. The quote row
 * carries the current version's totals for lists. Accepting (by staff, or by the customer through the
 * secret link whose SHA-256 is `accept_token_hash`) records name, time and IP and creates the order.
 * Status: draft → sent → accepted | declined | expired.
 */
export const quotes = pgTable(
  'quotes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    title: text('title'),
    status: text('status').notNull().default('draft'),
    dealId: uuid('deal_id').references(() => deals.id, { onDelete: 'set null' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    currency: text('currency').notNull(),
    /** The customer's language for the PDF, the e-mail and the public page. */
    language: text('language').notNull().default('en'),
    currentVersion: integer('current_version').notNull().default(1),
    validUntil: date('valid_until'),
    net: bigint('net', { mode: 'number' }).notNull().default(0),
    tax: bigint('tax', { mode: 'number' }).notNull().default(0),
    gross: bigint('gross', { mode: 'number' }).notNull().default(0),
    acceptTokenHash: text('accept_token_hash'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedName: text('accepted_name'),
    acceptedIp: text('accepted_ip'),
    acceptedById: uuid('accepted_by_id'),
    declinedAt: timestamp('declined_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    /** The order created on acceptance (no foreign key: orders reference quotes). */
    orderId: uuid('order_id'),
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
      uniqueIndex('quotes_number_idx').on(t.number),
      uniqueIndex('quotes_accept_token_idx')
        .on(t.acceptTokenHash)
        .where(sql`${t.acceptTokenHash} is not null`),
      index('quotes_created_idx').on(t.createdAt.desc(), t.id.desc()).where(live),
      index('quotes_status_idx').on(t.status, t.createdAt.desc(), t.id.desc()).where(live),
      index('quotes_deal_idx').on(t.dealId).where(live),
      index('quotes_contact_idx').on(t.contactId, t.createdAt.desc(), t.id.desc()).where(live),
      index('quotes_company_idx').on(t.companyId, t.createdAt.desc(), t.id.desc()).where(live),
      index('quotes_deleted_idx').on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
    ];
  },
);

/**
 * One version of a quote's content. The current version of a draft may be edited; once the quote has been
 * sent, a revision adds version n + 1 and the earlier ones never change. `lines` hold
 * `{productId?, sku?, description, quantity, unitPrice, discountPercent?, discountAmount?, taxRate, net}`;
 * totals and the per-rate breakdown are computed by `src/shared/money.ts` and stored as computed.
 */
export const quoteVersions = pgTable(
  'quote_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    quoteId: uuid('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    versionNo: integer('version_no').notNull(),
    lines: jsonb('lines').notNull(),
    net: bigint('net', { mode: 'number' }).notNull(),
    tax: bigint('tax', { mode: 'number' }).notNull(),
    gross: bigint('gross', { mode: 'number' }).notNull(),
    taxBreakdown: jsonb('tax_breakdown').notNull(),
    validUntil: date('valid_until'),
    terms: text('terms'),
    note: text('note'),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('quote_versions_quote_idx').on(t.quoteId, t.versionNo)],
);

/** Ready-made quotes: lines, terms and validity that a new quote starts from. */
export const quoteTemplates = pgTable('quote_templates', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  currency: text('currency').notNull(),
  lines: jsonb('lines').notNull(),
  terms: text('terms'),
  validDays: integer('valid_days').notNull().default(30),
  version: integer('version').notNull().default(1),
  createdById: uuid('created_by_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
});
