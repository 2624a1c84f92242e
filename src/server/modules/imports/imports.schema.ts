import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * One import: a stored file, how its columns map to a record type, what to do with matches, and what
 * happened. The job that runs it (jobs table) checkpoints `rows_done` with each committed batch, so a
 * restarted server resumes exactly where the last commit ended (ADR 0010).
 */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entity: text('entity').notNull(),
    /** draft → (dry run) → queued → running → done | failed | cancelled; done → undoing → undone */
    status: text('status').notNull().default('draft'),
    fileId: uuid('file_id'),
    fileName: text('file_name').notNull(),
    fileSize: integer('file_size').notNull().default(0),
    format: text('format').notNull(),
    /** How to read the file: delimiter, encoding, sheet, header row. */
    reader: jsonb('reader').notNull().default({}),
    /** What the file showed when it was read: columns, the first rows, sheets, suggested mapping. */
    probe: jsonb('probe').notNull().default({}),
    mapping: jsonb('mapping').notNull().default([]),
    /** mode, match, duplicate rule, keep valid rows, defaults (country, date order, tags, owner). */
    settings: jsonb('settings').notNull().default({}),
    /** Per-row decisions for duplicates found by the dry run: { "<rowNo>": "skip" | "update" | "create" }. */
    decisions: jsonb('decisions').notNull().default({}),
    preset: text('preset'),
    /** The dry run's findings (counts, duplicates), or null before one ran. */
    dryRun: jsonb('dry_run'),
    /** total, created, updated, skipped, failed, rowsDone, rowsPerSecond, etaSeconds */
    stats: jsonb('stats').notNull().default({}),
    error: text('error'),
    jobId: uuid('job_id'),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
  },
  (t) => [index('imports_created_idx').on(t.createdAt.desc(), t.id.desc())],
);

/**
 * What an import did to each record: created it, or updated it (with the values it replaced), so the
 * import can be undone. `entity` differs from the import's when it created a company for a contact.
 */
export const importRecords = pgTable(
  'import_records',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    entity: text('entity').notNull(),
    recordId: uuid('record_id').notNull(),
    rowNo: integer('row_no').notNull(),
    action: text('action').notNull(),
    /** For updates: the replaced values of the changed fields, and the version the import left. */
    before: jsonb('before'),
    versionAfter: integer('version_after'),
  },
  (t) => [primaryKey({ columns: [t.importId, t.entity, t.recordId] })],
);

/**
 * Row-level problems (row number, field, value, reason): shown in the wizard and downloadable as CSV. The
 * reason is `code` and `params` (worded in the reader's language from `src/shared/import-problems.ts`) and
 * its English `message`; rows stored before codes existed have the message only.
 */
export const importErrors = pgTable(
  'import_errors',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    /** Errors of the dry run and of the real run are kept apart. */
    dryRun: boolean('dry_run').notNull().default(false),
    rowNo: integer('row_no').notNull(),
    field: text('field'),
    value: text('value'),
    message: text('message').notNull(),
    code: text('code'),
    params: jsonb('params'),
  },
  (t) => [index('import_errors_import_idx').on(t.importId, t.dryRun, t.rowNo, t.id)],
);

/** Saved column mappings, to reuse for the next file from the same system. */
export const importMappings = pgTable(
  'import_mappings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    entity: text('entity').notNull(),
    mapping: jsonb('mapping').notNull(),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('import_mappings_entity_idx').on(t.entity, sql`lower(${t.name})`)],
);
