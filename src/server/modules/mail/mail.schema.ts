import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { contacts } from '../contacts/contacts.schema.ts';

/**
 * The outbox: every e-mail Rapport sends goes through this table (the single place where sends go out, so a
 * contact policy can sit here later). A mail is queued in the transaction of what caused it and sent after
 * commit by the mail sweep, which claims due rows with `FOR UPDATE SKIP LOCKED` (ADR 0006): a crash between
 * queueing and sending loses nothing, and two instances never send one mail twice. Failed sends are retried
 * with back-off up to a limit. Attachments are kept as base64 until sent, then dropped.
 */
export const outboundMails = pgTable(
  'outbound_mails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** queued | sent | failed */
    status: text('status').notNull().default('queued'),
    toAddresses: text('to_addresses').array().notNull(),
    ccAddresses: text('cc_addresses').array().notNull().default(sql`'{}'::text[]`),
    replyTo: text('reply_to'),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    /** `[{filename, contentType, content (base64)}]` */
    attachments: jsonb('attachments').notNull().default([]),
    /** What the mail is about (quote, invoice, consent, …), for the timeline and for tests. */
    linkType: text('link_type'),
    linkId: uuid('link_id'),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    /** Makes queueing idempotent (e.g. `quote-sent:<id>:<version>`). */
    dedupeKey: text('dedupe_key'),
    attempts: integer('attempts').notNull().default(0),
    sendAfter: timestamp('send_after', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    messageId: text('message_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('outbound_mails_due_idx').on(t.sendAfter).where(sql`${t.status} = 'queued'`),
    index('outbound_mails_link_idx').on(t.linkType, t.linkId),
    index('outbound_mails_contact_idx').on(t.contactId, t.createdAt.desc()),
    uniqueIndex('outbound_mails_dedupe_idx').on(t.dedupeKey).where(sql`${t.dedupeKey} is not null`),
  ],
);
