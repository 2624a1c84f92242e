import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Stored files: uploads waiting to be imported, export results, archives. The bytes live on disk under
 * `config.files.dir` by a server-chosen name (the id); this row is the only way to reach them.
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** What the file is for: `import`, `export`, `subject_export`, … (decides who may read it and how long it stays). */
    purpose: text('purpose').notNull(),
    /** The name it was uploaded with or will download as (never used as a path). */
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Removed (row and bytes) by maintenance after this time; null keeps it. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [
    index('files_expires_idx').on(t.expiresAt).where(sql`${t.expiresAt} is not null`),
    index('files_creator_idx').on(t.createdById, t.createdAt.desc()),
  ],
);
