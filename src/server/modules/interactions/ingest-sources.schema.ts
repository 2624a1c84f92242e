import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Systems allowed to post interactions to the signed webhook (`/interactions/webhooks/:source`). The
 * secret signs requests (HMAC-SHA256), so it is kept, not hashed; it is shown once at creation and never
 * returned again.
 */
export const ingestSources = pgTable('ingest_sources', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  secret: text('secret').notNull(),
  createdById: uuid('created_by_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
