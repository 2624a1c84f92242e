import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { languages, type UiLanguage } from '../../../shared/common.ts';
import {
  type CreateImportInput,
  defaultImportSettings,
  defaultMatch,
  type ImportDto,
  type ImportEntity,
  type ImportSettings,
  importRoles,
  isPartyEntity,
  type UpdateImportInput,
  updatableEntities,
} from '../../../shared/imports.ts';
import { atLeast, type Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { files } from '../files/files.schema.ts';
import { getFile, storedPath } from '../files/index.ts';
import { enqueueJob, requestCancel } from '../jobs/index.ts';
import { assertVersion } from '../records/index.ts';
import { countProblems } from './imports.errors.ts';
import type { ImportAction } from './imports.run.ts';
import { importMappings, imports } from './imports.schema.ts';
import { importTargets, labelOf } from './imports.targets.ts';
import {
  type ColumnMapping,
  FileFormatError,
  probeFile,
  type ReaderOptions,
  suggestMapping,
} from './parse/index.ts';

type Row = typeof imports.$inferSelect;
type Probe = {
  columns: string[];
  sample: { rowNo: number; values: Record<string, string> }[];
  sheets: string[];
  suggestions: ImportDto['suggestions'];
};
/** An import keeps its file this long after it ends (for undo and the error report), then the file goes. */
const KEEP_FILE_DAYS = 30;

export function toImportDto(r: Row, errorCount = 0): ImportDto {
  const probe = r.probe as Probe;
  const stats = r.stats as Partial<ImportDto['stats']>;
  return {
    id: r.id,
    entity: r.entity as ImportEntity,
    status: r.status as ImportDto['status'],
    fileName: r.fileName,
    fileSize: r.fileSize,
    format: r.format as ImportDto['format'],
    reader: { hasHeader: true, ...(r.reader as ImportDto['reader']) },
    columns: probe.columns ?? [],
    sample: probe.sample ?? [],
    sheets: probe.sheets ?? [],
    preset: r.preset,
    suggestions: probe.suggestions ?? [],
    mapping: r.mapping as ImportDto['mapping'],
    settings: { ...defaultImportSettings, ...(r.settings as Partial<ImportSettings>) },
    decisions: r.decisions as ImportDto['decisions'],
    dryRun: (r.dryRun as ImportDto['dryRun']) ?? null,
    stats: {
      total: stats.total ?? 0,
      rowsDone: stats.rowsDone ?? 0,
      created: stats.created ?? 0,
      updated: stats.updated ?? 0,
      skipped: stats.skipped ?? 0,
      failed: stats.failed ?? 0,
      rowsPerSecond: stats.rowsPerSecond ?? null,
      etaSeconds: stats.etaSeconds ?? null,
      undo: stats.undo ?? null,
      companiesCreated: stats.companiesCreated ?? 0,
    },
    errorCount,
    error: r.error,
    version: r.version,
    createdById: r.createdById,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    undoneAt: r.undoneAt?.toISOString() ?? null,
  };
}

/** An import its creator (or an admin) may see; anyone else gets 404. */
export async function loadOwnImport(ctx: Ctx, id: string): Promise<Row> {
  const [row] = await ctx.db.select().from(imports).where(eq(imports.id, id));
  if (!row || (row.createdById !== ctx.user.id && !atLeast(ctx.user, 'admin'))) throw notFound('import');
  return row;
}

const formatError = (err: unknown) => {
  if (err instanceof FileFormatError)
    return new AppError(`file_${err.code}`, {
      status: 422,
      detail: err.message,
      errors: [{ path: 'fileId', message: err.message }],
    });
  return err;
};

/** Reads the file's head: columns, first rows, sheets; and suggests a mapping (or applies a preset). */
async function probe(
  ctx: Ctx,
  fileId: string,
  fileName: string,
  entity: ImportEntity,
  reader: Partial<ReaderOptions>,
) {
  const p = await probeFile(storedPath(ctx, fileId), fileName, reader).catch((err) => {
    throw formatError(err);
  });
  const { targets } = await importTargets(ctx.db, entity);
  const fields = targets.map((t) => ({
    key: t.key,
    label: labelOf(t, ctx.user.language),
    aliases: [...Object.values(t.labels), ...(t.aliases ?? [])],
    ownSynonymsOnly: t.ownSynonymsOnly,
  }));
  const { preset, suggestions } = suggestMapping(p.columns, fields, entity, p.sample);
  return { p, preset, suggestions };
}

const mappingFrom = (suggestions: ImportDto['suggestions']): ColumnMapping =>
  suggestions.filter((s) => s.target).map((s) => ({ column: s.column, target: s.target! }));

function checkSettings(entity: ImportEntity, s: ImportSettings, matchable: Set<string>) {
  if (s.match !== 'none' && !matchable.has(s.match))
    throw invalid([{ path: 'settings.match', message: `Cannot match ${entity} by ${s.match}` }]);
  if (!updatableEntities.includes(entity) && s.mode !== 'create')
    throw invalid([
      { path: 'settings.mode', message: `Imported ${entity} are only created: a repeated one is skipped` },
    ]);
  if (!updatableEntities.includes(entity) && s.duplicates === 'create')
    throw invalid([
      {
        path: 'settings.duplicates',
        message: `An id the other system gave twice is one record: repeated ${entity} are skipped`,
      },
    ]);
  if (!updatableEntities.includes(entity) && s.match === 'none')
    throw invalid([
      {
        path: 'settings.match',
        message: `Imported ${entity} are matched by their id, so none is imported twice`,
      },
    ]);
  if (entity === 'products' && s.duplicates === 'create')
    throw invalid([
      {
        path: 'settings.duplicates',
        message: 'A SKU belongs to one product: a repeated one is skipped or updated',
      },
    ]);
  if (!isPartyEntity(entity) && (s.tags.length || s.lifecycleStage))
    throw invalid([
      {
        path: s.tags.length ? 'settings.tags' : 'settings.lifecycleStage',
        message: 'Tags and a lifecycle stage are given to contacts and companies only',
      },
    ]);
  if (!isPartyEntity(entity) && entity !== 'deals' && s.ownerId)
    throw invalid([{ path: 'settings.ownerId', message: `Imported ${entity} have no owner` }]);
  if (!isPartyEntity(entity) && s.fuzzy)
    throw invalid([
      { path: 'settings.fuzzy', message: `Similar names are looked for in people and companies only` },
    ]);
  if (s.match === 'none' && s.mode !== 'create')
    throw invalid([{ path: 'settings.match', message: 'Updating needs a match key' }]);
  if (s.match === 'email' && s.duplicates === 'create')
    throw invalid([
      {
        path: 'settings.duplicates',
        message: 'Matching by e-mail never creates a second contact with the same address',
      },
    ]);
}

function checkMapping(mapping: ColumnMapping, columns: string[], targets: Set<string>) {
  const errors: { path: string; message: string }[] = [];
  const used = new Map<string, number>();
  mapping.forEach((m, i) => {
    if (!columns.includes(m.column))
      errors.push({ path: `mapping.${i}.column`, message: `No column "${m.column}" in the file` });
    if (!targets.has(m.target))
      errors.push({ path: `mapping.${i}.target`, message: `Unknown field ${m.target}` });
    if (used.has(m.target) && m.target !== 'tags')
      errors.push({ path: `mapping.${i}.target`, message: `Two columns map to ${m.target}` });
    used.set(m.target, i);
  });
  if (errors.length) throw invalid(errors);
}

/** The role the record type's own API asks for; an import cannot go around it. */
export function assertMayImport(user: Ctx['user'], entity: ImportEntity) {
  if (!atLeast(user, importRoles[entity]))
    throw new AppError('forbidden', {
      status: 403,
      detail: `Importing ${entity} needs the ${importRoles[entity]} role.`,
    });
}

export async function createImport(ctx: Ctx, input: CreateImportInput): Promise<ImportDto> {
  assertMayImport(ctx.user, input.entity);
  const file = await getFile(ctx, input.fileId);
  const { p, preset, suggestions } = await probe(ctx, file.id, file.name, input.entity, input.reader ?? {});
  let mapping = mappingFrom(suggestions);
  if (input.mappingId) {
    const [saved] = await ctx.db.select().from(importMappings).where(eq(importMappings.id, input.mappingId));
    if (!saved || saved.entity !== input.entity)
      throw invalid([{ path: 'mappingId', message: 'Unknown saved mapping' }]);
    mapping = (saved.mapping as ColumnMapping).filter((m) => p.columns.includes(m.column));
  }
  const { targets } = await importTargets(ctx.db, input.entity);
  const settings: ImportSettings = {
    ...defaultImportSettings,
    match: defaultMatch[input.entity],
    ...input.settings,
  };
  checkSettings(input.entity, settings, new Set(targets.filter((t) => t.matchable).map((t) => t.key)));
  const row = await ctx.db.transaction(async (tx) => {
    // The import owns its file from now on: it stays while the import may need it.
    await tx.update(files).set({ expiresAt: null, purpose: 'import' }).where(eq(files.id, file.id));
    const [created] = await tx
      .insert(imports)
      .values({
        entity: input.entity,
        fileId: file.id,
        fileName: file.name,
        fileSize: file.size,
        format: p.format,
        reader: { ...input.reader, ...p.detected, sheets: undefined },
        probe: { columns: p.columns, sample: p.sample, sheets: p.detected.sheets ?? [], suggestions },
        mapping,
        settings,
        preset,
        createdById: ctx.user.id,
      })
      .returning();
    return created!;
  });
  return toImportDto(row);
}

export async function getImport(ctx: Ctx, id: string) {
  const row = await loadOwnImport(ctx, id);
  return toImportDto(row, await countProblems(ctx.db, id, false));
}

const editable = new Set(['draft', 'failed', 'cancelled']);

export async function updateImport(ctx: Ctx, id: string, input: UpdateImportInput, expectedVersion?: number) {
  const current = await loadOwnImport(ctx, id);
  assertVersion(current.version, expectedVersion);
  if (!editable.has(current.status))
    throw new AppError('import_not_editable', { status: 409, detail: `The import is ${current.status}.` });
  const entity = current.entity as ImportEntity;
  const set: PgUpdateSetSource<typeof imports> = {};
  let columns = (current.probe as Probe).columns;
  if (input.reader) {
    const reader = { ...(current.reader as object), ...input.reader };
    const { p, preset, suggestions } = await probe(ctx, current.fileId!, current.fileName, entity, reader);
    columns = p.columns;
    Object.assign(set, {
      reader: { ...reader, ...p.detected, sheets: undefined },
      probe: { columns: p.columns, sample: p.sample, sheets: p.detected.sheets ?? [], suggestions },
      preset,
      // New columns: the old mapping no longer fits unless the caller sends one.
      mapping: input.mapping ?? mappingFrom(suggestions),
    });
  }
  const { targets } = await importTargets(ctx.db, entity);
  if (input.mapping) {
    checkMapping(input.mapping, columns, new Set(targets.map((t) => t.key)));
    set.mapping = input.mapping;
  }
  if (input.settings) {
    const settings = { ...defaultImportSettings, ...(current.settings as ImportSettings), ...input.settings };
    checkSettings(entity, settings, new Set(targets.filter((t) => t.matchable).map((t) => t.key)));
    set.settings = settings;
  }
  if (input.decisions) {
    // A row of a record type that is only ever created can only be skipped when it repeats one.
    const bad = Object.entries(input.decisions).find(
      ([, d]) =>
        (!updatableEntities.includes(entity) && d !== 'skip') || (entity === 'products' && d === 'create'),
    );
    if (bad)
      throw invalid([
        {
          path: `decisions.${bad[0]}`,
          message: `A repeated ${entity.replace(/s$/, '')} can only be ${entity === 'products' ? 'skipped or updated' : 'skipped'}`,
        },
      ]);
    set.decisions = { ...(current.decisions as object), ...input.decisions };
  }
  // What the dry run said no longer holds once the reading, mapping or matching rules change (tags, the
  // owner or "keep valid rows" do not change what happens to each row).
  const planChanging: (keyof ImportSettings)[] = [
    'mode',
    'match',
    'duplicates',
    'fuzzy',
    'defaultCountry',
    'dateOrder',
    'decimal',
  ];
  const before = current.settings as ImportSettings;
  if (
    input.reader ||
    input.mapping ||
    planChanging.some(
      (k) => k in (input.settings ?? {}) && JSON.stringify(input.settings![k]) !== JSON.stringify(before[k]),
    )
  )
    set.dryRun = null;
  const [row] = await ctx.db
    .update(imports)
    .set({ ...set, version: sql`${imports.version} + 1` })
    .where(and(eq(imports.id, id), eq(imports.version, current.version)))
    .returning();
  if (!row) assertVersion(current.version + 1, current.version);
  return toImportDto(row!, await countProblems(ctx.db, id, false));
}

const startable: Record<ImportAction, Set<string>> = {
  dry_run: new Set(['draft', 'failed', 'cancelled']),
  run: new Set(['draft', 'failed', 'cancelled']),
  // A failed import was rolled back whole; a cancelled one keeps what it imported until then.
  undo: new Set(['done', 'cancelled']),
};
const statusWhileQueued: Record<ImportAction, string> = {
  dry_run: 'dry_running',
  run: 'queued',
  undo: 'undoing',
};

/** Queues a dry run, the import itself or its undo as a background job. */
export async function queueImport(ctx: Ctx, id: string, action: ImportAction) {
  const current = await loadOwnImport(ctx, id);
  assertMayImport(ctx.user, current.entity as ImportEntity);
  if (!startable[action].has(current.status) || (action === 'undo' && current.undoneAt))
    throw new AppError('import_wrong_status', {
      status: 409,
      detail: `The import is ${current.status}; it cannot be ${action === 'dry_run' ? 'dry-run' : action === 'run' ? 'started' : 'undone'} now.`,
    });
  if (action !== 'undo' && !(current.mapping as ColumnMapping).length)
    throw invalid([{ path: 'mapping', message: 'Map at least one column' }]);
  const row = await ctx.db.transaction(async (tx) => {
    const job = await enqueueJob(tx, {
      kind: 'import',
      payload: { importId: id, action },
      createdById: ctx.user.id,
    });
    const [updated] = await tx
      .update(imports)
      .set({
        status: statusWhileQueued[action],
        jobId: job.id,
        error: null,
        version: sql`${imports.version} + 1`,
        ...(action === 'run' ? { stats: {}, startedAt: null, finishedAt: null } : {}),
      })
      .where(and(eq(imports.id, id), eq(imports.status, current.status)))
      .returning();
    if (!updated)
      throw new AppError('import_changed', { status: 409, detail: 'The import changed meanwhile.' });
    if (action === 'run' || action === 'undo') {
      const until = new Date(ctx.now().getTime() + KEEP_FILE_DAYS * 86_400_000);
      if (current.fileId)
        await tx.update(files).set({ expiresAt: until }).where(eq(files.id, current.fileId));
    }
    return updated;
  });
  return toImportDto(row, await countProblems(ctx.db, id, false));
}

export async function cancelImport(ctx: Ctx, id: string) {
  const current = await loadOwnImport(ctx, id);
  if (current.jobId) await requestCancel(ctx.db, current.jobId);
  return getImport(ctx, id);
}

/** The caller's imports (admins: everyone's), newest first, keyset-paginated. */
export async function listImports(ctx: Ctx, q: { limit: number; cursor?: string }) {
  const [at, id] = q.cursor ? q.cursor.split('|') : [];
  const after = at && id && /^[0-9a-f-]{36}$/.test(id) && !Number.isNaN(Date.parse(at));
  const rows = await ctx.db
    .select()
    .from(imports)
    .where(
      and(
        atLeast(ctx.user, 'admin') ? undefined : eq(imports.createdById, ctx.user.id),
        after
          ? or(
              lt(imports.createdAt, new Date(at!)),
              and(eq(imports.createdAt, new Date(at!)), lt(imports.id, id!)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => toImportDto(r)),
    nextCursor: rows.length > q.limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null,
  };
}

export async function listTargets(ctx: Ctx, entity: ImportEntity) {
  const { targets } = await importTargets(ctx.db, entity);
  return {
    data: targets.map((t) => ({
      key: t.key,
      label: labelOf(t, ctx.user.language),
      labels: Object.fromEntries(languages.map((l) => [l, labelOf(t, l)])) as Record<UiLanguage, string>,
      type: t.type,
      required: Boolean(t.required),
      matchable: Boolean(t.matchable),
    })),
  };
}
