import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { users } from '../users/users.schema.ts';

/** Internal notes on a contact (company filled in from it) or a company; erased with the contact. */
export const notes = pgTable(
  'notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    mentions: uuid('mentions').array().notNull().default(sql`'{}'::uuid[]`),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => {
    const live = sql`${t.deletedAt} is null`;
    return [
      index('notes_contact_idx').on(t.contactId, t.createdAt.desc(), t.id.desc()).where(live),
      index('notes_company_idx').on(t.companyId, t.createdAt.desc(), t.id.desc()).where(live),
    ];
  },
);
