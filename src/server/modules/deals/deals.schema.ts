import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { products } from '../products/products.schema.ts';
import { users } from '../users/users.schema.ts';

/** A sales pipeline: an ordered list of stages a deal moves through. One pipeline is the default. */
export const pipelines = pgTable('pipelines', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  isDefault: boolean('is_default').notNull().default(false),
  position: integer('position').notNull().default(0),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});

/**
 * A stage of a pipeline with its win probability (0–100, for the weighted forecast). `kind` is `open`, or
 * `won` / `lost` for the closing stages: moving a deal there closes it.
 */
export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'cascade' }),
    /** Localized labels `{en, fr?, de?, da?}`. */
    labels: jsonb('labels').notNull(),
    position: integer('position').notNull(),
    probability: integer('probability').notNull().default(0),
    kind: text('kind').notNull().default('open'),
    /** A deal idle in this stage longer than this is flagged on the board (null: never). */
    rottingDays: integer('rotting_days'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [index('pipeline_stages_pipeline_idx').on(t.pipelineId, t.position)],
);

/**
 * A deal: a sales opportunity with an amount in one currency, in one stage of one pipeline. `status` follows
 * the stage's kind (open / won / lost); `closed_at` is set when it closes. `rank` orders cards inside a
 * stage on the board (fractional text keys, so a move rewrites one row). With line items, `amount` is
 * their net total.
 */
export const deals = pgTable(
  'deals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => pipelineStages.id),
    status: text('status').notNull().default('open'),
    amount: bigint('amount', { mode: 'number' }).notNull().default(0),
    currency: text('currency').notNull(),
    expectedCloseOn: date('expected_close_on'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    source: text('source'),
    rank: text('rank').notNull().default('m'),
    stageChangedAt: timestamp('stage_changed_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** Why it was won or lost (a reason code from the list, and free text). */
    closeReason: text('close_reason'),
    closeNote: text('close_note'),
    description: text('description'),
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
      // The board: a stage's cards in rank order.
      index('deals_stage_idx').on(t.stageId, t.rank, t.id).where(live),
      index('deals_created_idx').on(t.createdAt.desc(), t.id.desc()).where(live),
      // The forecast: open deals by expected close, with every column it sums (an index-only scan).
      index('deals_forecast_idx')
        .on(t.expectedCloseOn, t.ownerId, t.currency, t.stageId, t.pipelineId, t.amount)
        .where(sql`${t.deletedAt} is null and ${t.status} = 'open'`),
      index('deals_owner_idx').on(t.ownerId, t.createdAt.desc(), t.id.desc()).where(live),
      index('deals_contact_idx').on(t.contactId, t.createdAt.desc(), t.id.desc()).where(live),
      index('deals_company_idx').on(t.companyId, t.createdAt.desc(), t.id.desc()).where(live),
      index('deals_deleted_idx').on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
      // An import matching deals by title (`imports/entities/deals.ts`): one probe a key.
      index('deals_title_key_idx').on(sql`lower(trim(${t.title}))`).where(live),
    ];
  },
);

/** A deal's line items: what the customer would buy; a quote is created from them in one click. */
export const dealLines = pgTable(
  'deal_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dealId: uuid('deal_id')
      .notNull()
      .references(() => deals.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    description: text('description').notNull(),
    quantity: numeric('quantity', { precision: 16, scale: 4 }).notNull(),
    unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
    discountPercent: numeric('discount_percent', { precision: 7, scale: 4 }),
    discountAmount: bigint('discount_amount', { mode: 'number' }),
    taxRate: numeric('tax_rate', { precision: 6, scale: 3 }).notNull(),
    net: bigint('net', { mode: 'number' }).notNull(),
  },
  (t) => [index('deal_lines_deal_idx').on(t.dealId, t.position)],
);
