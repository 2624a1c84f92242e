import { z } from 'zod';
import { uiLanguage } from './common.ts';
import { fileDto } from './files.ts';

/** The lists that export (leads are contacts with `lifecycleStage=lead`). */
export const exportEntities = [
  'contacts',
  'companies',
  'deals',
  'orders',
  'invoices',
  'products',
  'tasks',
] as const;
export type ExportEntity = (typeof exportEntities)[number];
export const exportFormats = ['csv', 'xlsx', 'vcf'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const exportStatuses = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

/** Formats an entity can be written to: vCards only for people. */
export const formatsOf = (entity: ExportEntity): ExportFormat[] =>
  entity === 'contacts' ? ['csv', 'xlsx', 'vcf'] : ['csv', 'xlsx'];

/** An IANA time zone (checked against the runtime's list; never put into SQL). */
export const timeZone = z
  .string()
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'Unknown time zone' },
  );

/**
 * `POST /exports`: the list to export as its list endpoint takes it (`query` holds the same parameters as
 * `GET /<entity>`: `filter`, `q`, `sort`, field filters, a task view…; `cursor` and `limit` are ignored),
 * the columns in order (default: the entity's usual columns), and the language of the headers.
 */
export const createExportInput = z
  .object({
    entity: z.enum(exportEntities),
    format: z.enum(exportFormats),
    query: z
      .record(z.string().max(100), z.union([z.string().max(20_000), z.array(z.string().max(2000)).max(100)]))
      .default({}),
    columns: z.array(z.string().max(120)).min(1).max(200).optional(),
    language: uiLanguage.optional(),
    /** Date-times are written as wall-clock times of this zone (default UTC). */
    timeZone: timeZone.optional(),
  })
  .strict()
  .refine((x) => formatsOf(x.entity).includes(x.format), {
    message: 'vCard exports only contacts',
    path: ['format'],
  })
  .meta({ id: 'CreateExport' });
export type CreateExportInput = z.infer<typeof createExportInput>;

export const exportDto = z
  .object({
    id: z.uuid(),
    entity: z.enum(exportEntities),
    format: z.enum(exportFormats),
    status: z.enum(exportStatuses),
    /** Rows written so far. */
    rows: z.number().int(),
    /** How many rows the list matched when the export started (PostgreSQL's estimate past 10,000). */
    total: z.number().int().nullable(),
    totalExact: z.boolean(),
    columns: z.array(z.string()),
    /** The result, once done: download it from `/files/{id}/content`. */
    file: fileDto.nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Export' });
export type ExportDto = z.infer<typeof exportDto>;
export const exportList = z.object({ data: z.array(exportDto) });

export const exportColumnsQuery = z
  .object({ entity: z.enum(exportEntities), language: uiLanguage.optional() })
  .strict();
export const exportColumnDto = z.object({
  key: z.string(),
  label: z.string(),
  type: z.string(),
  default: z.boolean(),
});
export type ExportColumnDto = z.infer<typeof exportColumnDto>;
export const exportColumnList = z.object({ data: z.array(exportColumnDto) });

/** `GET /events/export.ics`: the calendar between two instants, as the calendar shows it to the caller. */
export const calendarExportQuery = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    /** Only this user's events (those the caller may see); `mine=true` for the caller's own. */
    userId: z.uuid().optional(),
    mine: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type CalendarExportQuery = z.infer<typeof calendarExportQuery>;

/** `?language=` of a fact sheet (default: the caller's language). */
export const factSheetQuery = z.object({ language: uiLanguage.optional() }).strict();
