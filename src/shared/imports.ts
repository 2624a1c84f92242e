import { z } from 'zod';
import { listEnvelope } from './common.ts';
import { lifecycleStages, tags } from './crm.ts';

/** Record types an import can create or update. */
export const importEntities = [
  'contacts',
  'companies',
  'deals',
  'products',
  'orders',
  'interactions',
] as const;
export type ImportEntity = (typeof importEntities)[number];
/** People and organisations: matched by e-mail, phone, name…, merged field by field, with custom fields. */
export const partyEntities = ['contacts', 'companies'] as const;
export type PartyEntity = (typeof partyEntities)[number];
export const isPartyEntity = (e: ImportEntity): e is PartyEntity => e === 'contacts' || e === 'companies';
/**
 * The match key an import of each entity starts with. Orders and interactions are matched by the id the other
 * system gave them (within their source): a repeated one is a duplicate and is skipped, never updated.
 */
export const defaultMatch: Record<ImportEntity, string> = {
  contacts: 'email',
  companies: 'name',
  deals: 'none',
  products: 'sku',
  orders: 'externalId',
  interactions: 'externalId',
};
/**
 * Who may import each record type: the role its API asks to create one (the catalogue is a manager's), since
 * an import writes through the same services without passing the routes' checks.
 */
export const importRoles: Record<ImportEntity, 'agent' | 'manager'> = {
  contacts: 'agent',
  companies: 'agent',
  deals: 'agent',
  products: 'manager',
  orders: 'agent',
  interactions: 'agent',
};
/** Entities whose matched rows can update the record (the others are only ever created). */
export const updatableEntities: readonly ImportEntity[] = ['contacts', 'companies', 'deals', 'products'];
export const importFormats = ['csv', 'xlsx', 'vcf', 'jsonl'] as const;
/** create: new records only; update: existing records only (matched); upsert: update the match or create. */
export const importModes = ['create', 'update', 'upsert'] as const;
export type ImportMode = (typeof importModes)[number];
/** What happens to a row that matches an existing record in `create` mode. */
export const duplicateRules = ['skip', 'update', 'create'] as const;
export type DuplicateRule = (typeof duplicateRules)[number];
export const importStatuses = [
  'draft',
  'dry_running',
  'queued',
  'running',
  'done',
  'failed',
  'cancelled',
  'undoing',
  'undone',
] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const readerOptions = z
  .object({
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    encoding: z.string().trim().max(40).optional(),
    sheet: z.string().max(200).optional(),
    hasHeader: z.boolean().optional(),
  })
  .strict();
export type ReaderSettings = z.infer<typeof readerOptions>;

export const columnMapping = z
  .array(
    z
      .object({
        column: z.string().max(300),
        target: z.string().min(1).max(100),
        /** e.g. `date:dmy`, `phone:DK` (the column's own reading; defaults come from the settings). */
        transform: z.string().max(50).optional(),
      })
      .strict(),
  )
  .max(1000);
export type ColumnMappingInput = z.infer<typeof columnMapping>;

export const importSettings = z
  .object({
    mode: z.enum(importModes),
    /**
     * The match key: `email`, `phone`, `externalId`, `custom.<unique field>`; companies also `name`, `domain`;
     * `none` checks for no duplicates at all (the fastest way to load a clean file into an empty CRM).
     */
    match: z.string().min(1).max(100),
    duplicates: z.enum(duplicateRules),
    /** Also look for similar names at the same company (trigram similarity) — slower. */
    fuzzy: z.boolean(),
    /** Import the valid rows even when others fail (otherwise one bad row stops the whole import). */
    keepValidRows: z.boolean(),
    /** Create the companies named in a contact file that do not exist yet (otherwise the link is left empty). */
    createCompanies: z.boolean(),
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .nullable(),
    dateOrder: z.enum(['dmy', 'mdy', 'ymd']).nullable(),
    decimal: z.enum(['comma', 'point']).nullable(),
    /** Added to every record the import creates or updates. */
    tags,
    /** Owner of the records it creates (when no owner column is mapped); null: the importing user. */
    ownerId: z.uuid().nullable(),
    lifecycleStage: z.enum(lifecycleStages).nullable(),
  })
  .strict();
export type ImportSettings = z.infer<typeof importSettings>;

export const defaultImportSettings: ImportSettings = {
  mode: 'create',
  match: 'email',
  duplicates: 'skip',
  fuzzy: false,
  keepValidRows: false,
  createCompanies: true,
  defaultCountry: null,
  dateOrder: null,
  decimal: null,
  tags: [],
  ownerId: null,
  lifecycleStage: null,
};

export const rowDecision = z.enum(duplicateRules);

export const createImportInput = z
  .object({
    fileId: z.uuid(),
    entity: z.enum(importEntities),
    reader: readerOptions.optional(),
    /** Start from a saved mapping instead of the suggested one. */
    mappingId: z.uuid().optional(),
    settings: importSettings.partial().optional(),
  })
  .strict()
  .meta({ id: 'CreateImport' });
export type CreateImportInput = z.infer<typeof createImportInput>;

export const updateImportInput = z
  .object({
    reader: readerOptions.optional(),
    mapping: columnMapping.optional(),
    settings: importSettings.partial().optional(),
    /** Per-row decisions for the duplicates a dry run found: `{ "17": "update" }`. */
    decisions: z.record(z.string().regex(/^\d{1,9}$/), rowDecision).optional(),
  })
  .strict()
  .meta({ id: 'UpdateImport' });
export type UpdateImportInput = z.infer<typeof updateImportInput>;

export const sourceRow = z.object({ rowNo: z.number().int(), values: z.record(z.string(), z.string()) });
export const columnSuggestion = z.object({
  column: z.string(),
  target: z.string().nullable(),
  confidence: z.number(),
  reason: z.string(),
});

export const importCounts = z.object({
  total: z.number().int(),
  rowsDone: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
});
export type ImportCounts = z.infer<typeof importCounts>;

export const duplicateFinding = z.object({
  rowNo: z.number().int(),
  recordId: z.uuid().nullable(),
  /** The row it repeats, for a duplicate inside the file. */
  sameAsRow: z.number().int().nullable(),
  reason: z.string(),
  name: z.string(),
});

export const importDto = z
  .object({
    id: z.uuid(),
    entity: z.enum(importEntities),
    status: z.enum(importStatuses),
    fileName: z.string(),
    fileSize: z.number().int(),
    format: z.enum(importFormats),
    reader: readerOptions.extend({ encoding: z.string().optional() }),
    columns: z.array(z.string()),
    sample: z.array(sourceRow),
    sheets: z.array(z.string()),
    preset: z.string().nullable(),
    suggestions: z.array(columnSuggestion),
    mapping: columnMapping,
    settings: importSettings,
    decisions: z.record(z.string(), rowDecision),
    dryRun: importCounts
      .extend({ duplicates: z.array(duplicateFinding), duplicateCount: z.number().int() })
      .nullable(),
    stats: importCounts.extend({
      /** Companies a contact import created for the people it linked (undo removes them too). */
      companiesCreated: z.number().int(),
      rowsPerSecond: z.number().nullable(),
      etaSeconds: z.number().nullable(),
      undo: z
        .object({ removed: z.number().int(), restored: z.number().int(), conflicts: z.number().int() })
        .nullable(),
    }),
    errorCount: z.number().int(),
    error: z.string().nullable(),
    version: z.number().int(),
    createdById: z.uuid().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    undoneAt: z.string().nullable(),
  })
  .meta({ id: 'Import' });
export type ImportDto = z.infer<typeof importDto>;
export const importList = listEnvelope(
  importDto.pick({
    id: true,
    entity: true,
    status: true,
    fileName: true,
    stats: true,
    createdAt: true,
    finishedAt: true,
    createdById: true,
  }),
);
export const importListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** A row problem: its reason as data (`code`, `params`) and as sentences (`src/shared/import-problems.ts`). */
export const importError = z
  .object({
    rowNo: z.number().int().describe('The row as the file numbers it (CSV: the header is row 1).'),
    field: z.string().nullable().describe('The field the problem is about; null for the whole row.'),
    value: z.string().nullable().describe('The cell as the file has it.'),
    code: z
      .string()
      .nullable()
      .describe(
        'Stable reason code (`date_invalid`, `owner_unknown`, `sku_unknown` …; see docs/IMPORTS.md). Null for problems stored before codes existed.',
      ),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .nullable()
      .describe('The values the sentence of `code` names (`{"value": "31/02/1990"}`).'),
    message: z.string().describe('The reason in English (stable for scripts and the CLI).'),
    localizedMessage: z
      .string()
      .describe("The reason in the caller's language (their profile's language; English when unknown)."),
  })
  .meta({ id: 'ImportError' });
export const importErrorList = listEnvelope(importError);
export const importErrorQuery = z
  .object({
    dryRun: z.enum(['true', 'false']).default('false'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(50).optional(),
  })
  .strict();

/** A field an import can fill, with its label in the caller's language. */
export const importTarget = z.object({
  key: z.string(),
  /** In the caller's profile language; `labels` has all four (the web app shows its UI language's). */
  label: z.string(),
  labels: z.object({ en: z.string(), fr: z.string(), de: z.string(), da: z.string() }),
  type: z.string(),
  required: z.boolean(),
  /** Can be a match key (`email`, `externalId`, unique custom fields …). */
  matchable: z.boolean(),
});
export const importTargetsQuery = z.object({ entity: z.enum(importEntities) }).strict();

export const savedMappingInput = z
  .object({ name: z.string().trim().min(1).max(100), entity: z.enum(importEntities), mapping: columnMapping })
  .strict();
export const savedMappingDto = savedMappingInput.extend({ id: z.uuid(), createdAt: z.string() });
export const savedMappingList = z.object({ data: z.array(savedMappingDto) });

/** The CLI's last line of output. */
export type ImportSummary = { created: number; updated: number; skipped: number; failed: number };
