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
 * The survivor's new values from both rows and the choices: a chosen side wins; without a choice the
 * survivor's value stays unless it is empty; multi-valued fields are united unless a side is chosen.
 */
export function resolveMerge(
  cfg: EntityConfig,
  survivor: RawRow,
  loser: RawRow,
  choices: Record<string, 'this' | 'other' | 'union'>,
  customKeys: string[],
): { values: RawRow; changes: Change[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const values: RawRow = {};
  const changes: Change[] = [];
  for (const key of Object.keys(choices)) {
    const known =
      cfg.scalar.includes(key) ||
      (multiMergeFields as readonly string[]).includes(key) ||
      (isCustomChoiceKey(key) && customKeys.includes(key.slice(7)));
    if (!known) errors.push({ path: `fields.${key}`, message: 'Unknown field' });
    else if (choices[key] === 'union' && !(multiMergeFields as readonly string[]).includes(key))
      errors.push({ path: `fields.${key}`, message: 'Only lists can be united' });
  }
  for (const f of cfg.scalar) {
    const col = cfg.columns[f]!;
    const choice = choices[f];
    const mine = survivor[col] ?? null;
    const theirs = loser[col] ?? null;
    const v = choice === 'other' ? theirs : choice === 'this' ? mine : isEmptyValue(mine) ? theirs : mine;
    values[col] = v;
    if (!same(mine, v)) changes.push({ field: f, old: mine, new: v });
  }
  for (const f of multiMergeFields) {
    const col = cfg.columns[f]!;
    const mine = (survivor[col] ?? []) as unknown[];
    const theirs = (loser[col] ?? []) as unknown[];
    const choice = choices[f] ?? 'union';
    const v = choice === 'this' ? mine : choice === 'other' ? theirs : unite(f, mine, theirs);
    if (v.length > MULTI_MAX[f])
      errors.push({ path: `fields.${f}`, message: `At most ${MULTI_MAX[f]} together; choose one side` });
    values[col] = v;
    if (!same(mine, v)) changes.push({ field: f, old: mine, new: v });
  }
  const mine = (survivor.custom ?? {}) as Record<string, unknown>;
  const theirs = (loser.custom ?? {}) as Record<string, unknown>;
  const custom: Record<string, unknown> = {};
  for (const k of [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].sort()) {
    const choice = choices[`custom.${k}`];
    const v =
      choice === 'other'
        ? theirs[k]
        : choice === 'this'
          ? mine[k]
          : isEmptyValue(mine[k])
            ? theirs[k]
            : mine[k];
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
