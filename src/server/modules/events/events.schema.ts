import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { interactions } from '../interactions/interactions.schema.ts';
import { users } from '../users/users.schema.ts';

/**
 * Calendar events: meetings and calls with attendees (users and contacts). `ics_uid` is the iCalendar UID,
 * kept across export and import so a re-imported event updates instead of doubling. Once a past meeting's
 * outcome is given it becomes an interaction (`interaction_id`).
 */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    description: text('description'),
    kind: text('kind').notNull().default('meeting'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    allDay: boolean('all_day').notNull().default(false),
    location: text('location'),
    videoUrl: text('video_url'),
    status: text('status').notNull().default('confirmed'),
    organizerId: uuid('organizer_id').references(() => users.id, { onDelete: 'set null' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    links: jsonb('links').notNull().default([]),
    /** Minutes before the start at which attendees who are users are reminded; null for none. */
    remindMinutes: integer('remind_minutes'),
    remindAt: timestamp('remind_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    outcome: text('outcome'),
    interactionId: uuid('interaction_id').references(() => interactions.id, { onDelete: 'set null' }),
    icsUid: text('ics_uid').notNull(),
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
      index('events_starts_idx').on(t.startsAt, t.id).where(live),
      index('events_organizer_idx').on(t.organizerId, t.startsAt, t.id).where(live),
      index('events_contact_idx').on(t.contactId, t.startsAt.desc(), t.id.desc()).where(live),
      index('events_company_idx').on(t.companyId, t.startsAt.desc(), t.id.desc()).where(live),
      uniqueIndex('events_ics_uid_idx').on(t.icsUid),
      index('events_reminder_idx')
        .on(t.remindAt)
        .where(sql`${t.remindAt} is not null and ${t.remindedAt} is null and ${t.deletedAt} is null`),
      // Past meetings still waiting for their outcome.
      index('events_outcome_due_idx')
        .on(t.organizerId, t.endsAt)
        .where(sql`${t.deletedAt} is null and ${t.interactionId} is null and ${t.status} <> 'cancelled'`),
      index('events_deleted_idx').on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
    ];
  },
);

/** Who is invited: a user of Rapport, a contact, or only an e-mail address (from an imported invitation). */
export const eventAttendees = pgTable(
  'event_attendees',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    email: text('email'),
    name: text('name'),
    response: text('response').notNull().default('needs_action'),
  },
  (t) => [
    index('event_attendees_event_idx').on(t.eventId),
    uniqueIndex('event_attendees_user_idx').on(t.userId, t.eventId).where(sql`${t.userId} is not null`),
    uniqueIndex('event_attendees_contact_idx')
      .on(t.contactId, t.eventId)
      .where(sql`${t.contactId} is not null`),
  ],
);

/**
 * A user's calendar subscription: the feed URL carries a random token; only its SHA-256 is stored. Revoking
 * (or rotating) sets `revoked_at`, and the old URL answers 404 from then on.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    tokenHint: text('token_hint').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('calendar_feeds_token_idx').on(t.tokenHash),
    uniqueIndex('calendar_feeds_active_idx').on(t.userId).where(sql`${t.revokedAt} is null`),
  ],
);
