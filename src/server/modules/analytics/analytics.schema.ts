import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { jobs } from '../jobs/jobs.schema.ts';

/**
 * A scoring run: queued on request or by the nightly sweep, run by the job worker; what it fitted per
 * subject (contacts, companies) is kept in `subjects`, so every stored score names the run and model behind it.
 */
export const analyticsRuns = pgTable(
  'analytics_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobId: uuid('job_id').references(() => jobs.id, { onDelete: 'set null' }),
    trigger: text('trigger').notNull(),
    status: text('status').notNull().default('queued'),
    modelVersion: text('model_version').notNull(),
    currency: text('currency').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    subjects: jsonb('subjects').notNull().default([]),
    otherCurrencyOrders: integer('other_currency_orders').notNull().default(0),
    alerts: integer('alerts').notNull().default(0),
    /** The Customer value dashboard of each subject as of this run (`{contact: …, company: …}`). */
    dashboards: jsonb('dashboards').notNull().default({}),
    error: text('error'),
  },
  (t) => [index('analytics_runs_created_idx').on(t.createdAt.desc())],
);

/** The columns of a customer's scores, the same for contacts and companies (docs/ANALYTICS.md). */
const scoreColumns = () => ({
  runId: uuid('run_id').notNull(),
  currency: text('currency').notNull(),
  purchases: integer('purchases').notNull(),
  firstPurchaseAt: timestamp('first_purchase_at', { withTimezone: true }).notNull(),
  lastPurchaseAt: timestamp('last_purchase_at', { withTimezone: true }).notNull(),
  frequency: integer('frequency').notNull(),
  recencyWeeks: doublePrecision('recency_weeks').notNull(),
  ageWeeks: doublePrecision('age_weeks').notNull(),
  averageValue: bigint('average_value', { mode: 'number' }).notNull(),
  rfmR: smallint('rfm_r').notNull(),
  rfmF: smallint('rfm_f').notNull(),
  rfmM: smallint('rfm_m').notNull(),
  rfmSegment: text('rfm_segment').notNull(),
  pAlive: doublePrecision('p_alive'),
  expectedPurchases12m: doublePrecision('expected_purchases_12m'),
  expectedAverageValue: bigint('expected_average_value', { mode: 'number' }),
  clv12: bigint('clv12', { mode: 'number' }),
  clv24: bigint('clv24', { mode: 'number' }),
  clv36: bigint('clv36', { mode: 'number' }),
  churnBand: text('churn_band'),
  listRevenue: bigint('list_revenue', { mode: 'number' }).notNull(),
  discounts: bigint('discounts', { mode: 'number' }).notNull(),
  revenue: bigint('revenue', { mode: 'number' }).notNull(),
  costOfGoods: bigint('cost_of_goods', { mode: 'number' }).notNull(),
  interactions: integer('interactions').notNull(),
  costToServe: bigint('cost_to_serve', { mode: 'number' }).notNull(),
  profit: bigint('profit', { mode: 'number' }).notNull(),
  nextBestOffers: jsonb('next_best_offers').notNull().default([]),
  modelVersion: text('model_version').notNull(),
  fittedAt: timestamp('fitted_at', { withTimezone: true }).notNull(),
});

/** The latest scores of each contact with orders (one row per contact, replaced by every run). */
export const contactScores = pgTable(
  'contact_scores',
  {
    contactId: uuid('contact_id')
      .primaryKey()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    ...scoreColumns(),
  },
  (t) => [
    index('contact_scores_clv12_idx').on(t.clv12.desc()),
    index('contact_scores_band_idx').on(t.churnBand, t.clv12.desc()),
    index('contact_scores_segment_idx').on(t.rfmSegment),
    index('contact_scores_run_idx').on(t.runId),
  ],
);

/** The latest scores of each company with orders. */
export const companyScores = pgTable(
  'company_scores',
  {
    companyId: uuid('company_id')
      .primaryKey()
      .references(() => companies.id, { onDelete: 'cascade' }),
    ...scoreColumns(),
  },
  (t) => [
    index('company_scores_clv12_idx').on(t.clv12.desc()),
    index('company_scores_band_idx').on(t.churnBand, t.clv12.desc()),
    index('company_scores_segment_idx').on(t.rfmSegment),
    index('company_scores_run_idx').on(t.runId),
  ],
);

/**
 * A run's per-customer facts (products bought, revenue, discounts, cost of goods, interactions), computed in one
 * set-based statement per subject and read back a batch at a time through the primary key: read per batch
 * straight from the orders, each batch hit the order lines of a thousand customers scattered over the table
 * (0.4 s a batch at 5M lines). Emptied when the subject is scored; a failed run's rows go at the next run.
 */
export const scoringFacts = pgTable(
  'scoring_facts',
  {
    runId: uuid('run_id').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    owned: text('owned').array().notNull(),
    listRevenue: bigint('list_revenue', { mode: 'number' }).notNull(),
    discounts: bigint('discounts', { mode: 'number' }).notNull(),
    revenue: bigint('revenue', { mode: 'number' }).notNull(),
    costOfGoods: bigint('cost_of_goods', { mode: 'number' }).notNull(),
    interactions: integer('interactions').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.subjectType, t.subjectId] })],
);
