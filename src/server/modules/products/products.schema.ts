import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The catalogue: one row per product or service. Names and descriptions per UI language (`{en, fr, de, da}`,
 * English required); list prices per currency in `product_prices`; the cost price (for margins) in one
 * currency. `tax_category` picks the rate from `tax_rates` for the customer's country.
 */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sku: text('sku').notNull(),
    names: jsonb('names').notNull(),
    descriptions: jsonb('descriptions').notNull().default({}),
    /** piece, hour, day, month, kg, m, m2, l, licence, … */
    unit: text('unit').notNull().default('piece'),
    taxCategory: text('tax_category').notNull().default('standard'),
    costPrice: bigint('cost_price', { mode: 'number' }),
    costCurrency: text('cost_currency'),
    /** Archived products stay on old documents but are no longer offered. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /** Lower-cased SKU and names in every language, for search-as-you-type (trigger-free: set on write). */
    searchText: text('search_text').notNull().default(''),
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
      uniqueIndex('products_sku_idx').on(sql`lower(${t.sku})`).where(live),
      index('products_created_idx').on(t.createdAt.desc(), t.id.desc()).where(live),
      index('products_search_idx').using('gin', sql`${t.searchText} gin_trgm_ops`).where(live),
      index('products_deleted_idx').on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
    ];
  },
);

/** A product's list price per currency, in minor units per unit. */
export const productPrices = pgTable(
  'product_prices',
  {
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    currency: text('currency').notNull(),
    unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.currency] })],
);

/**
 * Tax rates per country and tax category (e.g. DK standard 25; FR standard 20, reduced 10, super_reduced 5.5;
 * DE standard 19, reduced 7). Rates are percent with up to 3 decimals.
 */
export const taxRates = pgTable(
  'tax_rates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    country: text('country').notNull(),
    category: text('category').notNull(),
    rate: numeric('rate', { precision: 6, scale: 3 }).notNull(),
    label: text('label'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tax_rates_country_category_idx').on(t.country, t.category)],
);

/** Prices for one customer group in one currency (e.g. "wholesale" in EUR); items override list prices. */
export const priceLists = pgTable(
  'price_lists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    customerGroup: text('customer_group').notNull(),
    currency: text('currency').notNull(),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('price_lists_group_currency_idx').on(t.customerGroup, t.currency).where(sql`${t.active}`),
  ],
);

export const priceListItems = pgTable(
  'price_list_items',
  {
    priceListId: uuid('price_list_id')
      .notNull()
      .references(() => priceLists.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.priceListId, t.productId] }),
    index('price_list_items_product_idx').on(t.productId),
  ],
);
