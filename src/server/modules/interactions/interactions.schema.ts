import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { users } from '../users/users.schema.ts';

/**
 * Interactions: every exchange with a customer, on every channel and touchpoint. `company_id` is filled from
 * the contact's company when only a contact is given, so a company's timeline is one index range. A contact's
 * hard erase takes its interactions with it (GDPR); a company's erase only unlinks them.
 */
export const interactions = pgTable(
  'interactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel').notNull(),
    direction: text('direction').notNull(),
    touchpoint: text('touchpoint'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    subject: text('subject'),
    body: text('body'),
    outcome: text('outcome'),
    durationSeconds: integer('duration_seconds'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    links: jsonb('links').notNull().default([]),
    source: text('source').notNull().default('rapport'),
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
      index('interactions_contact_idx').on(t.contactId, t.occurredAt.desc(), t.id.desc()).where(live),
      index('interactions_company_idx').on(t.companyId, t.occurredAt.desc(), t.id.desc()).where(live),
      index('interactions_user_idx').on(t.userId, t.occurredAt.desc(), t.id.desc()).where(live),
      index('interactions_occurred_idx').on(t.occurredAt.desc(), t.id.desc()).where(live),
      index('interactions_deleted_idx').on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
      uniqueIndex('interactions_external_idx')
        .on(t.source, t.externalId)
        .where(sql`${t.externalId} is not null`),
    ];
  },
);
