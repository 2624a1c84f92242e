import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import type { CustomFieldDto } from '../../../shared/custom-fields.ts';
import type { ImportEntity, ImportSettings, PartyEntity } from '../../../shared/imports.ts';
import type { Executor } from '../../db/client.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { validateCustom } from '../custom-fields/index.ts';
import { type Change, diff } from '../history/index.ts';
import type { BuiltRow } from './imports.build.ts';
import { fieldErrorProblem } from './imports.problems.ts';
import { type RowProblem, rowProblem } from './parse/index.ts';

export type WriteEnv = {
  importId: string;
  entity: PartyEntity;
  settings: ImportSettings;
  defs: CustomFieldDto[];
  actorId: string | null;
  /** Owner of new records when the row names none. */
  defaultOwnerId: string | null;
  now: Date;
};

const historyEntity = (e: PartyEntity) => (e === 'contacts' ? 'contact' : 'company');
/** Fields whose changes go into the record's history (what the API records too). */
const historyFields: Record<PartyEntity, readonly string[]> = {
  contacts: [
    'firstName',
    'lastName',
    'emails',
    'phones',
    'addresses',
    'companyId',
    'jobTitle',
    'ownerId',
    'tags',
    'lifecycleStage',
    'birthday',
    'customerSince',
    'language',
    'preferredChannel',
    'source',
    'description',
    'custom',
    'externalId',
  ],
  companies: [
    'name',
    'domain',
    'website',
    'industry',
    'employees',
    'vatId',
    'emails',
    'phones',
    'addresses',
    'ownerId',
    'tags',
    'lifecycleStage',
    'customerSince',
    'description',
    'custom',
    'externalId',
  ],
};

/**
 * Writes go as one JSON parameter unpacked by `jsonb_to_recordset`: building a 1,000-row multi-VALUES
 * statement through the query builder cost more CPU than the database spent inserting the rows.
 */
export const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

/** Field history entries for many records in one statement. */
export async function historyEntries(
  tx: Executor,
  env: Pick<WriteEnv, 'actorId' | 'now'>,
  entity: string,
  action: 'create' | 'update' | 'delete',
  items: { id: string; changes: unknown }[],
) {
  if (!items.length) return;
  await tx.execute(sql`insert into record_history (entity, record_id, actor_id, action, changes, at)
    select ${entity}, h.id, ${env.actorId}::uuid, ${action}, h.changes, ${env.now}
    from jsonb_to_recordset(${json(items)}) as h(id uuid, changes jsonb)`);
}

/** Creates records in one statement; returns the problems of rows whose custom values are invalid. */
export async function insertRecords(
  tx: Executor,
  env: WriteEnv,
  rows: { row: BuiltRow; companyId?: string | null }[],
): Promise<{ created: { id: string; rowNo: number }[]; problems: RowProblem[] }> {
  const problems: RowProblem[] = [];
  const payload: Record<string, unknown>[] = [];
  const created: { id: string; rowNo: number }[] = [];
  for (const { row, companyId } of rows) {
    const { custom, errors } = validateCustom(
      env.defs,
      row.fields.custom as Record<string, unknown>,
      'create',
    );
    if (errors.length) {
      for (const e of errors) problems.push({ rowNo: row.rowNo, field: e.path, ...fieldErrorProblem(e) });
      continue;
    }
    const id = randomUUID();
    created.push({ id, rowNo: row.rowNo });
    const r: Record<string, unknown> = {
      emails: [],
      phones: [],
      addresses: [],
      tags: [],
      ...row.fields,
      custom,
      ownerId: (row.fields.ownerId as string | undefined) ?? env.defaultOwnerId,
      lifecycleStage: row.fields.lifecycleStage ?? env.settings.lifecycleStage,
    };
    if (env.entity === 'contacts') {
      r.firstName ??= '';
      r.lastName ??= '';
      r.companyId = companyId ?? null;
    }
    const o: Record<string, unknown> = { id };
    for (const f of historyFields[env.entity]) o[snake(f)] = r[f] ?? null;
    payload.push(o);
  }
  if (!payload.length) return { created, problems };
  const cols = insertColumns[env.entity];
  await tx.execute(sql`insert into ${sql.identifier(env.entity)} (id, ${cols}, created_by_id, created_at, updated_at)
    select id, ${cols}, ${env.actorId}::uuid, ${env.now}, ${env.now}
    from jsonb_to_recordset(${json(payload)}) as v(id uuid, ${columnsOf[env.entity]})`);
  await recordImported(
    tx,
    env,
    env.entity,
    created.map((c) => ({ ...c, action: 'created' as const })),
  );
  await historyEntries(
    tx,
    env,
    historyEntity(env.entity),
    'create',
    created.map((c) => ({ id: c.id, changes: [{ field: 'import', old: null, new: env.importId }] })),
  );
  return { created, problems };
}

export async function recordImported(
  tx: Executor,
  env: Pick<WriteEnv, 'importId'>,
  entity: ImportEntity,
  items: {
    id: string;
    rowNo: number;
    action: 'created' | 'updated';
    before?: unknown;
    versionAfter?: number;
  }[],
) {
  if (!items.length) return;
  const rows = items.map((i) => ({
    id: i.id,
    row_no: i.rowNo,
    action: i.action,
    before: i.before ?? null,
    version_after: i.versionAfter ?? null,
  }));
  // A record the import already created or updated keeps its first entry: undo goes back to before it.
  await tx.execute(sql`insert into import_records (import_id, entity, record_id, row_no, action, before, version_after)
    select ${env.importId}::uuid, ${entity}, r.id, r.row_no, r.action, r.before, r.version_after
    from jsonb_to_recordset(${json(rows)}) as r(id uuid, row_no int, action text, before jsonb, version_after int)
    on conflict do nothing`);
}

type Current = Record<string, unknown> & { id: string; version: number };

/**
 * The same value with object keys sorted: jsonb gives keys back in its own order, so an address read from
 * the database and the same address built from a row must compare equal.
 */
function canonical<T>(v: T): T {
  if (Array.isArray(v)) return v.map(canonical) as T;
  if (v && typeof v === 'object' && !(v instanceof Date))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    ) as T;
  return v;
}

const emailKey = (e: { address: string }) => e.address.toLowerCase();
const phoneKey = (p: { number: string }) => p.number.replace(/[^0-9]/g, '');
function union<T>(a: T[], b: T[], key: (x: T) => string): T[] {
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((x) => !seen.has(key(x)) && seen.add(key(x)))];
}

/** A row's values laid over the record: multi-valued fields (e-mails, phones, tags) are added to, not replaced. */
export function merged(current: Current, fields: Record<string, unknown>, custom: Record<string, unknown>) {
  const next: Record<string, unknown> = { ...current, ...fields, custom };
  if (fields.emails)
    next.emails = union(current.emails as { address: string }[], fields.emails as never, emailKey);
  if (fields.phones)
    next.phones = union(current.phones as { number: string }[], fields.phones as never, phoneKey);
  if (fields.tags)
    next.tags = union(current.tags as string[], fields.tags as string[], (t) => t.toLowerCase());
  if (fields.addresses) {
    // The file's address replaces the one with the same label; others stay.
    const incoming = (fields.addresses as { label: string }[])[0]!;
    const rest = (current.addresses as { label: string }[]).filter((a) => a.label !== incoming.label);
    next.addresses = [incoming, ...rest];
  }
  return next;
}

const columnsOf = {
  contacts: sql`first_name text, last_name text, emails jsonb, phones jsonb, addresses jsonb, company_id uuid,
    job_title text, owner_id uuid, tags text[], lifecycle_stage text, birthday date, customer_since date,
    language text, preferred_channel text, source text, description text, custom jsonb, external_id text`,
  companies: sql`name text, domain text, website text, industry text, employees int, vat_id text, emails jsonb,
    phones jsonb, addresses jsonb, owner_id uuid, tags text[], lifecycle_stage text, customer_since date,
    description text, custom jsonb, external_id text`,
};
/** The same columns, bare, for INSERT … SELECT. */
const insertColumns = {
  contacts: sql`first_name, last_name, emails, phones, addresses, company_id, job_title, owner_id, tags,
    lifecycle_stage, birthday, customer_since, language, preferred_channel, source, description, custom, external_id`,
  companies: sql`name, domain, website, industry, employees, vat_id, emails, phones, addresses, owner_id, tags,
    lifecycle_stage, customer_since, description, custom, external_id`,
};
const assignments = {
  contacts: sql`first_name = v.first_name, last_name = v.last_name, emails = v.emails, phones = v.phones,
    addresses = v.addresses, company_id = v.company_id, job_title = v.job_title, owner_id = v.owner_id,
    tags = v.tags, lifecycle_stage = v.lifecycle_stage, birthday = v.birthday, customer_since = v.customer_since,
    language = v.language, preferred_channel = v.preferred_channel, source = v.source,
    description = v.description, custom = v.custom, external_id = v.external_id`,
  companies: sql`name = v.name, domain = v.domain, website = v.website, industry = v.industry,
    employees = v.employees, vat_id = v.vat_id, emails = v.emails, phones = v.phones, addresses = v.addresses,
    owner_id = v.owner_id, tags = v.tags, lifecycle_stage = v.lifecycle_stage,
    customer_since = v.customer_since, description = v.description, custom = v.custom,
    external_id = v.external_id`,
};
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Updates matched records with the rows' values in one statement (locking them first), and keeps what each
 * replaced so the import can be undone. Rows that change nothing are reported as unchanged.
 */
export async function updateRecords(
  tx: Executor,
  env: WriteEnv,
  items: { id: string; row: BuiltRow; companyId?: string | null }[],
): Promise<{
  /** Rows that changed their record (two rows may change one record). */ updated: number;
  unchanged: number[];
  problems: RowProblem[];
}> {
  const problems: RowProblem[] = [];
  if (!items.length) return { updated: 0, unchanged: [], problems };
  const table = env.entity === 'contacts' ? contacts : companies;
  const currentRows = (await tx
    .select()
    .from(table)
    .where(inArray(table.id, [...new Set(items.map((i) => i.id))]))
    .for('update')) as unknown as Current[];
  const state = new Map(currentRows.map((r) => [r.id, r]));
  const original = new Map(currentRows.map((r) => [r.id, r]));
  const firstRow = new Map<string, number>();
  const unchanged: number[] = [];
  let rowsChanged = 0;
  for (const { id, row, companyId } of items) {
    const current = state.get(id);
    if (!current || current.deletedAt) {
      problems.push(rowProblem(row.rowNo, null, 'match_deleted'));
      continue;
    }
    const { custom, errors } = validateCustom(
      env.defs,
      row.fields.custom as Record<string, unknown> | undefined,
      'update',
      current.custom as Record<string, unknown>,
    );
    if (errors.length) {
      for (const e of errors) problems.push({ rowNo: row.rowNo, field: e.path, ...fieldErrorProblem(e) });
      continue;
    }
    const fields = companyId !== undefined ? { ...row.fields, companyId } : row.fields;
    const next = merged(current, fields, custom) as Current;
    if (!diff(canonical(current), canonical(next), historyFields[env.entity]).length) {
      unchanged.push(row.rowNo);
      continue;
    }
    state.set(id, next);
    rowsChanged++;
    if (!firstRow.has(id)) firstRow.set(id, row.rowNo);
  }
  const changedIds = [...firstRow.keys()];
  if (!changedIds.length) return { updated: 0, unchanged, problems };
  const payload = changedIds.map((id) => {
    const r = state.get(id)!;
    const o: Record<string, unknown> = { id };
    for (const f of historyFields[env.entity]) o[snake(f)] = r[f] ?? null;
    return o;
  });
  await tx.execute(sql`update ${sql.identifier(env.entity)} as t set ${assignments[env.entity]},
      version = t.version + 1, updated_at = ${env.now}
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as v(id uuid, ${columnsOf[env.entity]})
    where t.id = v.id`);
  const history: {
    entity: string;
    recordId: string;
    actorId: string | null;
    action: 'update';
    changes: Change[];
    at: Date;
  }[] = [];
  const records = changedIds.map((id) => {
    const before = original.get(id)!;
    const changes = diff(canonical(before), canonical(state.get(id)!), historyFields[env.entity]);
    history.push({
      entity: historyEntity(env.entity),
      recordId: id,
      actorId: env.actorId,
      action: 'update',
      changes,
      at: env.now,
    });
    const replaced: Record<string, unknown> = {};
    for (const c of changes) {
      const top = c.field.startsWith('custom.') ? 'custom' : c.field;
      replaced[top] = before[top] ?? null;
    }
    return {
      id,
      rowNo: firstRow.get(id)!,
      action: 'updated' as const,
      before: replaced,
      versionAfter: before.version + 1,
    };
  });
  await recordImported(tx, env, env.entity, records);
  await historyEntries(
    tx,
    env,
    historyEntity(env.entity),
    'update',
    history.map((h) => ({ id: h.recordId, changes: h.changes })),
  );
  return { updated: rowsChanged, unchanged, problems };
}
