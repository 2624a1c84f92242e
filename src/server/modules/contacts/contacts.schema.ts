import { sql } from 'drizzle-orm';
import {
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
import { tsvector } from '../../db/columns.ts';
import { companies } from '../companies/companies.schema.ts';
import { users } from '../users/users.schema.ts';

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    emails: jsonb('emails').notNull().default([]),
    phones: jsonb('phones').notNull().default([]),
    addresses: jsonb('addresses').notNull().default([]),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    jobTitle: text('job_title'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    lifecycleStage: text('lifecycle_stage'),
    relationshipType: text('relationship_type'),
    relationshipStage: text('relationship_stage'),
    birthday: date('birthday'),
    customerSince: date('customer_since'),
    language: text('language'),
    preferredChannel: text('preferred_channel'),
    source: text('source'),
    /** Picks the price list (with the currency): e.g. `wholesale`, `partner`; null = list prices. */
    customerGroup: text('customer_group'),
    /** Stay in touch: the owner means to reach this contact at least every N days (null: no cadence). */
    stayInTouchDays: integer('stay_in_touch_days'),
    /**
     * When the next touch is due: the newest live interaction (or creation) + cadence; null without a cadence.
     * Kept by triggers (migration 0008) only for contacts with a cadence, so an interaction about anyone
     * else never rewrites the (wide, heavily indexed) contact row.
     */
    touchDueAt: timestamp('touch_due_at', { withTimezone: true }),
    description: text('description'),
    custom: jsonb('custom').notNull().default({}),
    externalId: text('external_id'),
    version: integer('version').notNull().default(1),
    /** Lower-cased e-mail addresses, for duplicate checks and look-up by address (trigger-maintained). */
    emailKeys: text('email_keys').array().notNull().default(sql`'{}'::text[]`),
    searchText: text('search_text').notNull().default(''),
    /** Folded names only: search ranks by trigram similarity to this, and search_words holds its words. */
    searchNames: text('search_names').notNull().default(''),
    searchVector: tsvector('search_vector'),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedById: uuid('deleted_by_id'),
  },
  (t) => {
    const live = sql`${t.deletedAt} is null`;
    return [
      index('contacts_created_idx').on(t.createdAt.desc(), t.id.desc()).where(live),
      index('contacts_updated_idx').on(t.updatedAt.desc(), t.id.desc()).where(live),
      index('contacts_name_idx').on(t.lastName, t.firstName, t.id).where(live),
      index('contacts_owner_idx').on(t.ownerId, t.createdAt.desc(), t.id.desc()).where(live),
      index('contacts_stage_idx').on(t.lifecycleStage, t.createdAt.desc(), t.id.desc()).where(live),
      // The stay-in-touch list: contacts due for a touch, per owner, most overdue first.
      index('contacts_touch_due_idx')
        .on(t.ownerId, t.touchDueAt, t.id)
        .where(sql`${t.deletedAt} is null and ${t.touchDueAt} is not null`),
      uniqueIndex('contacts_external_id_idx')
        .on(t.externalId)
        .where(sql`${t.externalId} is not null and ${t.deletedAt} is null`),
      index('contacts_company_idx').on(t.companyId).where(live),
      index('contacts_deleted_idx').on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
      index('contacts_tags_idx').using('gin', t.tags),
      index('contacts_email_keys_idx').using('gin', t.emailKeys),
      // Phone numbers as digits only, for matching ingested interactions by phone (migration 0006).
      index('contacts_phone_keys_idx').using('gin', sql`rapport_phone_keys(${t.phones})`),
      index('contacts_custom_idx').using('gin', sql`${t.custom} jsonb_path_ops`),
      index('contacts_search_fts_idx').using('gin', t.searchVector),
    ];
  },
);
