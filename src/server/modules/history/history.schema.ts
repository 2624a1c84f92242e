import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Field-level history of every change to a record: who, when, old → new. */
export const recordHistory = pgTable(
  'record_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entity: text('entity').notNull(),
    recordId: uuid('record_id').notNull(),
    actorId: uuid('actor_id'),
    action: text('action', { enum: ['create', 'update', 'delete', 'restore'] }).notNull(),
    changes: jsonb('changes').notNull().default([]),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('record_history_record_idx').on(t.entity, t.recordId, t.id)],
);
