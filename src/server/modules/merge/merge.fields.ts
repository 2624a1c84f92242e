import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { isEmptyValue } from '../../../shared/custom-fields.ts';
import {
  companyMergeFields,
  contactMergeFields,
  isCustomChoiceKey,
  type MergeEntity,
  multiMergeFields,
  unite,
} from '../../../shared/merge.ts';
import type { FieldError } from '../../../shared/problem.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import type { Change } from '../history/index.ts';

/** A record's row as `to_jsonb` gives it: snake_case column names. */
export type RawRow = Record<string, unknown>;

export type EntityConfig = {
  entity: MergeEntity;
  tableName: 'contacts' | 'companies';
  table: typeof contacts | typeof companies;
  scalar: readonly string[];
  /** API field name → column name, for every field a merge writes (and undo restores). */
  columns: Record<string, string>;
};

const columnsOf = (table: object, fields: readonly string[]) =>
  Object.fromEntries(
    [...fields, ...multiMergeFields, 'custom'].map((f) => [
      f,
      ((table as Record<string, unknown>)[f] as AnyPgColumn).name,
    ]),
  );

export const entityConfigs: Record<MergeEntity, EntityConfig> = {
  contact: {
    entity: 'contact',
    tableName: 'contacts',
    table: contacts,
    scalar: contactMergeFields,
    columns: columnsOf(contacts, contactMergeFields),
  },
  company: {
    entity: 'company',
    tableName: 'companies',
    table: companies,
    scalar: companyMergeFields,
    columns: columnsOf(companies, companyMergeFields),
  },
};

export const MULTI_MAX: Record<(typeof multiMergeFields)[number], number> = {
  emails: 20,
  phones: 20,
  addresses: 10,
  tags: 50,
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Per field, the id of the record whose value wins, or `union` (lists). A pair's `this`/`other` name the
 * survivor and the one other record; with several others a field names its record by id.
 */
export function normaliseChoices(
  choices: Record<string, string>,
  survivorId: string,
  otherIds: string[],
): { choices: Record<string, string>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: Record<string, string> = {};
  const ids = new Set([survivorId, ...otherIds]);
  for (const [key, c] of Object.entries(choices)) {
    if (c === 'this') out[key] = survivorId;
    else if (c === 'other' && otherIds.length === 1) out[key] = otherIds[0]!;
    else if (c === 'other')
      errors.push({ path: `fields.${key}`, message: 'With several records, choose a record by its id' });
    else if (c !== 'union' && !ids.has(c))
      errors.push({ path: `fields.${key}`, message: 'Not one of the records being merged' });
    else out[key] = c;
  }
  return { choices: out, errors };
}

/**
 * The survivor's new values from all rows and the choices (record id or `union`, see normaliseChoices): a
 * chosen record wins; without a choice the survivor's value stays unless it is empty, then the first other
 * record's that is not; multi-valued fields are united (the survivor's first) unless a record is chosen.
 */
export function resolveMerge(
  cfg: EntityConfig,
  survivor: RawRow,
  others: RawRow[],
  choices: Record<string, string>,
  customKeys: string[],
): { values: RawRow; changes: Change[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const values: RawRow = {};
  const changes: Change[] = [];
  const rows = [survivor, ...others];
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  for (const key of Object.keys(choices)) {
    const known =
      cfg.scalar.includes(key) ||
      (multiMergeFields as readonly string[]).includes(key) ||
      (isCustomChoiceKey(key) && customKeys.includes(key.slice(7)));
    if (!known) errors.push({ path: `fields.${key}`, message: 'Unknown field' });
    else if (choices[key] === 'union' && !(multiMergeFields as readonly string[]).includes(key))
      errors.push({ path: `fields.${key}`, message: 'Only lists can be united' });
  }
  /** The chosen record's value, or the first non-empty one starting with the survivor's. */
  const pick = (choice: string | undefined, get: (r: RawRow) => unknown) => {
    const chosen = choice ? byId.get(choice) : undefined;
    if (chosen) return get(chosen);
    for (const r of rows) if (!isEmptyValue(get(r))) return get(r);
    return get(survivor);
  };
  for (const f of cfg.scalar) {
    const col = cfg.columns[f]!;
    const mine = survivor[col] ?? null;
    const v = pick(choices[f], (r) => r[col] ?? null);
    values[col] = v;
    if (!same(mine, v)) changes.push({ field: f, old: mine, new: v });
  }
  for (const f of multiMergeFields) {
    const col = cfg.columns[f]!;
    const list = (r: RawRow) => (r[col] ?? []) as unknown[];
    const mine = list(survivor);
    const chosen = byId.get(choices[f] ?? 'union');
    const v = chosen ? list(chosen) : others.reduce((acc, r) => unite(f, acc, list(r)), mine);
    if (v.length > MULTI_MAX[f])
      errors.push({ path: `fields.${f}`, message: `At most ${MULTI_MAX[f]} together; choose one record` });
    values[col] = v;
    if (!same(mine, v)) changes.push({ field: f, old: mine, new: v });
  }
  const customOf = (r: RawRow) => (r.custom ?? {}) as Record<string, unknown>;
  const mine = customOf(survivor);
  const custom: Record<string, unknown> = {};
  const keys = new Set(rows.flatMap((r) => Object.keys(customOf(r))));
  for (const k of [...keys].sort()) {
    const v = pick(choices[`custom.${k}`], (r) => customOf(r)[k]);
    if (v !== undefined) custom[k] = v;
    if (!same(mine[k], v)) changes.push({ field: `custom.${k}`, old: mine[k] ?? null, new: v ?? null });
  }
  values.custom = custom;
  return { values, changes, errors };
}

/** A record's display name from its raw row. */
export function rawName(entity: MergeEntity, row: RawRow | null | undefined): string {
  if (!row) return '';
  if (entity === 'company') return String(row.name ?? '');
  const name = `${row.first_name ?? ''} ${row.last_name ?? ''}`.trim();
  if (name) return name;
  const emails = (row.emails ?? []) as { address: string }[];
  return emails[0]?.address ?? '';
}
