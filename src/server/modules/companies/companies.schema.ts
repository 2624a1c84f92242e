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
import { users } from '../users/users.schema.ts';

export const companies = pgTable(
  'companies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    domain: text('domain'),
    website: text('website'),
    industry: text('industry'),
    employees: integer('employees'),
    emails: jsonb('emails').notNull().default([]),
    phones: jsonb('phones').notNull().default([]),
    addresses: jsonb('addresses').notNull().default([]),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    lifecycleStage: text('lifecycle_stage'),
    relationshipType: text('relationship_type'),
    relationshipStage: text('relationship_stage'),
    customerSince: date('customer_since'),
    /** Picks the price list (with the currency): e.g. `wholesale`, `partner`; null = list prices. */
    customerGroup: text('customer_group'),
    /** VAT identification number, printed on quotes and invoices (e.g. DK12345678). */
    vatId: text('vat_id'),
    description: text('description'),
    custom: jsonb('custom').notNull().default({}),
    externalId: text('external_id'),
    version: integer('version').notNull().default(1),
    searchText: text('search_text').notNull().default(''),
    /** Folded names only: the typo-tolerant (trigram) search runs on this short text (trigger-maintained). */
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
      index('companies_created_idx').on(t.createdAt.desc(), t.id.desc()).where(live),
      index('companies_name_idx').on(t.name, t.id).where(live),
      // Imports link people to companies by name (case-insensitive) and by domain.
      index('companies_name_key_idx').on(sql`lower(trim(${t.name}))`).where(live),
      index('companies_domain_idx').on(t.domain).where(live),
      index('companies_owner_idx').on(t.ownerId, t.createdAt.desc(), t.id.desc()).where(live),
      uniqueIndex('companies_external_id_idx')
        .on(t.externalId)
        .where(sql`${t.externalId} is not null and ${t.deletedAt} is null`),
      index('companies_deleted_idx').on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
      index('companies_tags_idx').using('gin', t.tags),
      index('companies_custom_idx').using('gin', sql`${t.custom} jsonb_path_ops`),
      index('companies_search_fts_idx').using('gin', t.searchVector),
    ];
  },
);
