import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const customFields = pgTable(
  'custom_fields',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entity: text('entity', { enum: ['contact', 'company'] }).notNull(),
    key: text('key').notNull(),
    type: text('type').notNull(),
    labels: jsonb('labels').notNull(),
    options: jsonb('options').notNull().default([]),
    required: boolean('required').notNull().default(false),
    unique: boolean('unique').notNull().default(false),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('custom_fields_entity_key').on(t.entity, sql`lower(${t.key})`)],
);
