import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * A list export: what was asked (entity, format, the list query, columns, language) and, once its job is
 * done, the stored file. Status and progress are the job's (`jobs`); the file expires with `files`.
 */
export const exports = pgTable(
  'exports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobId: uuid('job_id').notNull(),
    entity: text('entity').notNull(),
    format: text('format').notNull(),
    query: jsonb('query').notNull().default({}),
    columns: jsonb('columns').$type<string[]>().notNull(),
    language: text('language').notNull(),
    timeZone: text('time_zone').notNull().default('UTC'),
    fileId: uuid('file_id'),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('exports_creator_idx').on(t.createdById, t.createdAt.desc())],
);
