import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Gapless document numbers per kind and year (quotes Q-2026-0001, orders, invoices, credit notes): the
 * counter row is locked by the UPDATE that takes the next number, inside the document's own transaction,
 * so a rolled-back document leaves no gap and two concurrent documents never share a number.
 */
export const documentSequences = pgTable(
  'document_sequences',
  {
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.kind, t.year] })],
);
