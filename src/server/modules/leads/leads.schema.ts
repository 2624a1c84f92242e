import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { contacts } from '../contacts/contacts.schema.ts';
import { deals } from '../deals/deals.schema.ts';

/**
 * A web-to-lead form: which fields it shows, what it applies to the lead (tags, source, campaign), whether it
 * asks for marketing consent (double opt-in), and what the visitor sees afterwards. `public_key` names it in
 * the public endpoints; `signing_secret` signs the fill-time token (never leaves the server).
 */
export const leadForms = pgTable(
  'lead_forms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    publicKey: text('public_key').notNull(),
    signingSecret: text('signing_secret').notNull(),
    fields: text('fields').array().notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    source: text('source'),
    campaign: text('campaign'),
    language: text('language').notNull().default('en'),
    askConsent: boolean('ask_consent').notNull().default(false),
    /** The consent sentence per language `{en, fr?, de?, da?}`, stored with each consent as shown. */
    consentText: jsonb('consent_text').notNull().default({}),
    successMessage: jsonb('success_message').notNull().default({}),
    redirectUrl: text('redirect_url'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('lead_forms_public_key_idx').on(t.publicKey)],
);

/**
 * What Rapport knows about a contact *as a lead*, beside the (wide, heavily indexed) contacts row: campaign,
 * form submissions, score (rule points with the rules that gave them, the learned probability with its top
 * factors), disqualification and conversion. One row per contact; a lead is still a contact in stage `lead`.
 */
export const leadProfiles = pgTable(
  'lead_profiles',
  {
    contactId: uuid('contact_id')
      .primaryKey()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    campaign: text('campaign'),
    formId: uuid('form_id').references(() => leadForms.id, { onDelete: 'set null' }),
    companyName: text('company_name'),
    submissions: integer('submissions').notNull().default(0),
    lastSubmittedAt: timestamp('last_submitted_at', { withTimezone: true }),
    rulePoints: integer('rule_points').notNull().default(0),
    /** The ids of the scoring rules that matched. */
    ruleFactors: text('rule_factors').array().notNull().default(sql`'{}'::text[]`),
    probability: doublePrecision('probability'),
    modelVersion: integer('model_version'),
    /** The learned model's top contributions `[{feature, value, contribution}]`, largest first. */
    factors: jsonb('factors').notNull().default([]),
    scoredAt: timestamp('scored_at', { withTimezone: true }),
    disqualifiedAt: timestamp('disqualified_at', { withTimezone: true }),
    disqualifyReason: text('disqualify_reason'),
    convertedAt: timestamp('converted_at', { withTimezone: true }),
    dealId: uuid('deal_id').references(() => deals.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The lead list: open leads by score, best first.
    index('lead_profiles_score_idx')
      .on(t.rulePoints.desc(), t.contactId.desc())
      .where(sql`${t.convertedAt} is null and ${t.disqualifiedAt} is null`),
  ],
);

/** A visible scoring rule: a condition on the lead's fields or engagement, worth some points. */
export const leadScoringRules = pgTable('lead_scoring_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  values: text('values').array().notNull().default(sql`'{}'::text[]`),
  threshold: integer('threshold'),
  points: integer('points').notNull(),
  position: integer('position').notNull().default(0),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A fitted logistic regression over the lead features: standardisation, coefficients, and how good it was. */
export const leadModels = pgTable('lead_models', {
  version: integer('version').primaryKey(),
  trainedAt: timestamp('trained_at', { withTimezone: true }).notNull(),
  trainedById: uuid('trained_by_id'),
  n: integer('n').notNull(),
  positives: integer('positives').notNull(),
  auc: doublePrecision('auc'),
  /** `{features:[name], mean:[], std:[], coef:[], intercept, categories:{source:[], country:[]}}` */
  model: jsonb('model').notNull(),
});

/** Ordered assignment rules: the first that matches a new lead picks its owner (by turn when several). */
export const leadAssignmentRules = pgTable('lead_assignment_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
  userIds: uuid('user_ids').array().notNull(),
  /** The round-robin turn: the next lead goes to `user_ids[pointer % n]`; advanced under the row lock. */
  pointer: integer('pointer').notNull().default(0),
  position: integer('position').notNull().default(0),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The scoring sweep's place: contacts changed after `watermark` are rescored; a bulk rescore walks `cursor`. */
export const leadScoringState = pgTable('lead_scoring_state', {
  id: integer('id').primaryKey(),
  watermark: timestamp('watermark', { withTimezone: true }),
  /** A bulk rescore in progress: the last (created_at, id) done; null when none is pending. */
  bulkPending: boolean('bulk_pending').notNull().default(false),
  bulkAfterCreated: timestamp('bulk_after_created', { withTimezone: true }),
  bulkAfterId: uuid('bulk_after_id'),
});

/**
 * Marketing consent of a contact, with the text shown, when and from where it was asked and granted. Double
 * opt-in: `pending` until the confirmation link (whose SHA-256 alone is stored) is opened.
 */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    purpose: text('purpose').notNull().default('marketing'),
    status: text('status').notNull().default('pending'),
    text: text('text').notNull(),
    language: text('language').notNull(),
    formId: uuid('form_id').references(() => leadForms.id, { onDelete: 'set null' }),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    requestedIp: text('requested_ip'),
    tokenHash: text('token_hash').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }),
    grantedIp: text('granted_ip'),
  },
  (t) => [
    uniqueIndex('consents_token_idx').on(t.tokenHash),
    index('consents_contact_idx').on(t.contactId, t.requestedAt.desc()),
  ],
);
