import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { contacts } from '../contacts/contacts.schema.ts';

/**
 * Each contact's journey, kept so the flow across a million customers is one index range instead of a
 * window over every interaction: the first FLOW_STEPS + 1 steps from the contact's first interaction with
 * a touchpoint (repeats collapsed, cut at the first purchase), from at most its first 200 such interactions.
 * Recomputed by the journey sweep for the contacts in `journey_dirty` (marked by triggers on interactions).
 */
export const contactJourneys = pgTable(
  'contact_journeys',
  {
    contactId: uuid('contact_id')
      .primaryKey()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** Touchpoints of the steps in order; the last may be `purchase`. */
    nodes: text('nodes').array().notNull(),
    /** When the last step in `nodes` happened. */
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    /** The first purchase (an incoming shop interaction), also when it came after the steps kept. */
    purchasedAt: timestamp('purchased_at', { withTimezone: true }),
    /** The 200-interaction window was full: later interactions cannot change the journey. */
    capped: boolean('capped').notNull().default(false),
  },
  (t) => [index('contact_journeys_started_idx').on(t.startedAt)],
);

/** Contacts whose journey must be recomputed (the journey sweep's queue). */
export const journeyDirty = pgTable('journey_dirty', {
  contactId: uuid('contact_id').primaryKey(),
  markedAt: timestamp('marked_at', { withTimezone: true }).notNull().default(sql`now()`),
});
