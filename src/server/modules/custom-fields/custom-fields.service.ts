import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  type CreateCustomFieldInput,
  type CustomFieldDto,
  type CustomFieldEntity,
  customFilterType,
  customValueSchema,
  isEmptyValue,
  type UpdateCustomFieldInput,
} from '../../../shared/custom-fields.ts';
import type { FieldError } from '../../../shared/problem.ts';
import type { Executor } from '../../db/client.ts';
import type { FieldSpec } from '../../db/list-query.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, issuesToFieldErrors, notFound } from '../../http/errors.ts';
import { audit } from '../system/index.ts';
import { customFields } from './custom-fields.schema.ts';

const toDto = (r: typeof customFields.$inferSelect): CustomFieldDto => ({
  id: r.id,
  entity: r.entity,
  key: r.key,
  type: r.type as CustomFieldDto['type'],
  labels: r.labels as CustomFieldDto['labels'],
  options: r.options as CustomFieldDto['options'],
  required: r.required,
  unique: r.unique,
  position: r.position,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

// Definitions are read on every write and list; a short cache keeps that cheap. Another instance's change
// is seen within the TTL; this instance's own changes clear it at once.
const TTL_MS = 5_000;
const cache = new WeakMap<object, Map<CustomFieldEntity, { at: number; defs: CustomFieldDto[] }>>();

export async function customFieldDefs(
  db: Executor,
  entity: CustomFieldEntity,
  cacheKey: object = db,
): Promise<CustomFieldDto[]> {
  let byEntity = cache.get(cacheKey);
  if (!byEntity) {
    byEntity = new Map();
    cache.set(cacheKey, byEntity);
  }
  const hit = byEntity.get(entity);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.defs;
  const rows = await db
    .select()
    .from(customFields)
    .where(eq(customFields.entity, entity))
    .orderBy(asc(customFields.position), asc(customFields.key));
  const defs = rows.map(toDto);
  byEntity.set(entity, { at: Date.now(), defs });
  return defs;
}

const invalidate = (ctx: Ctx) => cache.delete(ctx.database.db);

export async function listCustomFields(ctx: Ctx, entity?: CustomFieldEntity): Promise<CustomFieldDto[]> {
  const rows = await ctx.db
    .select()
    .from(customFields)
    .where(entity ? eq(customFields.entity, entity) : undefined)
    .orderBy(asc(customFields.entity), asc(customFields.position), asc(customFields.key));
  return rows.map(toDto);
}

export async function createCustomField(ctx: Ctx, input: CreateCustomFieldInput): Promise<CustomFieldDto> {
  const dto = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(customFields).values(input).onConflictDoNothing().returning();
    if (!row)
      throw new AppError('custom_field_exists', {
        status: 409,
        errors: [{ path: 'key', message: 'A field with this key exists' }],
      });
    await audit({ db: tx, user: ctx.user }, 'custom_field.create', 'custom_field', row.id, {
      entity: row.entity,
      key: row.key,
      type: row.type,
    });
    return toDto(row);
  });
  invalidate(ctx);
  return dto;
}

export async function updateCustomField(
  ctx: Ctx,
  id: string,
  input: UpdateCustomFieldInput,
): Promise<CustomFieldDto> {
  const dto = await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(customFields).where(eq(customFields.id, id));
    if (!current) throw notFound('custom_field');
    const isSelect = current.type === 'select' || current.type === 'multi_select';
    if (input.options && !isSelect)
      throw invalid([{ path: 'options', message: 'Only select fields have options' }]);
    if (input.options && isSelect && input.options.length === 0)
      throw invalid([{ path: 'options', message: 'A select field needs options' }]);
    // The same rule as on create (createCustomFieldInput): these types have no meaningful equality.
    if (input.unique && ['boolean', 'multi_select', 'long_text'].includes(current.type))
      throw invalid([{ path: 'unique', message: 'This type cannot be unique' }]);
    const [row] = await tx
      .update(customFields)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(customFields.id, id))
      .returning();
    await audit({ db: tx, user: ctx.user }, 'custom_field.update', 'custom_field', id, { ...input });
    return toDto(row!);
  });
  invalidate(ctx);
  return dto;
}

/**
 * Removes the definition and its stored values. Left in the records' JSON, the values would still be shown,
 * and would come back (perhaps as another type) under a new field with the same key, in its filters and
 * unique checks.
 */
export async function deleteCustomField(ctx: Ctx, id: string) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(customFields).where(eq(customFields.id, id)).returning();
    if (!row) throw notFound('custom_field');
    const table = sql.identifier(row.entity === 'contact' ? 'contacts' : 'companies');
    await tx.execute(
      sql`update ${table} set custom = custom - ${row.key}::text where custom ? ${row.key}::text`,
    );
    await audit({ db: tx, user: ctx.user }, 'custom_field.delete', 'custom_field', id, {
      entity: row.entity,
      key: row.key,
    });
  });
  invalidate(ctx);
}

/**
 * Validates custom values against the definitions. Unknown keys are refused; `null` clears a value;
 * required fields must be present on create and may not be cleared later. Returns the merged JSON.
 */
export function validateCustom(
  defs: CustomFieldDto[],
  input: Record<string, unknown> | undefined,
  mode: 'create' | 'update',
  existing: Record<string, unknown> = {},
) {
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = { ...existing };
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const [key, value] of Object.entries(input ?? {})) {
    const def = byKey.get(key);
    if (!def) {
      errors.push({ path: `custom.${key}`, message: 'Unknown custom field', code: 'unknown_field' });
      continue;
    }
    if (isEmptyValue(value)) {
      if (def.required) errors.push({ path: `custom.${key}`, message: 'Required', code: 'required' });
      delete out[key];
      continue;
    }
    const r = customValueSchema(def).safeParse(value);
    if (!r.success) errors.push(...issuesToFieldErrors(r.error.issues, `custom.${key}`));
    else if (isEmptyValue(r.data)) {
      if (def.required) errors.push({ path: `custom.${key}`, message: 'Required', code: 'required' });
      delete out[key];
    } else out[key] = r.data;
  }
  if (mode === 'create') {
    for (const def of defs)
      if (def.required && isEmptyValue(out[def.key]) && !errors.some((e) => e.path === `custom.${def.key}`))
        errors.push({ path: `custom.${def.key}`, message: 'Required', code: 'required' });
  }
  // Keep only values of defined fields (values of deleted definitions are dropped on the next write).
  for (const key of Object.keys(out)) if (!byKey.has(key)) delete out[key];
  return { custom: out, errors };
}

/** Unique custom fields: no other live record of the entity has the same value. Call inside the write's transaction. */
export async function checkUniqueCustom(
  tx: Executor,
  table: { custom: AnyPgColumn; id: AnyPgColumn; deletedAt: AnyPgColumn },
  entity: CustomFieldEntity,
  defs: CustomFieldDto[],
  custom: Record<string, unknown>,
  changedKeys: string[],
  selfId?: string,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const def of defs) {
    if (!def.unique || !changedKeys.includes(def.key) || isEmptyValue(custom[def.key])) continue;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`cf:${entity}:${def.key}`}))`);
    const probe = JSON.stringify({ [def.key]: custom[def.key] });
    const [hit] = await tx
      .select({ id: table.id })
      .from(table.custom.table as never)
      .where(
        and(
          sql`${table.custom} @> ${probe}::jsonb`,
          sql`${table.deletedAt} is null`,
          selfId ? sql`${table.id} <> ${selfId}` : undefined,
        ),
      )
      .limit(1);
    if (hit)
      errors.push({
        path: `custom.${def.key}`,
        message: 'Another record has this value',
        code: 'not_unique',
      });
  }
  return errors;
}

/** Filter and sort specs for the custom fields of an entity, keyed `custom.<key>`. */
export function customFieldSpecs(defs: CustomFieldDto[], column: AnyPgColumn): Record<string, FieldSpec> {
  const specs: Record<string, FieldSpec> = {};
  for (const def of defs) {
    const k = def.key;
    const type = customFilterType(def.type);
    const textExpr = sql`(${column}->>${k})`;
    let expr: SQL = textExpr;
    let sortExpr: SQL = sql`(${column}->${k})`;
    if (type === 'integer' || type === 'decimal') expr = sql`(${column}->>${k})::numeric`;
    if (type === 'money') {
      expr = sql`(${column}->${k}->>'amount')::numeric`;
      sortExpr = sql`(${column}->${k}->'amount')`;
    }
    if (type === 'date') expr = sql`(${column}->>${k})::date`;
    if (type === 'boolean') expr = sql`(${column}->>${k})::boolean`;
    specs[`custom.${k}`] = {
      meta: {
        type,
        sortable: def.type !== 'multi_select' && def.type !== 'long_text',
        options: def.options.map((o) => o.value),
      },
      expr,
      sortExpr,
      cast: 'jsonb',
      nullable: true,
      filter: (op, value) => {
        // Equality as JSON containment: served by the GIN index on the custom column.
        if (op === 'eq' && type !== 'money' && type !== 'date')
          return sql`${column} @> ${JSON.stringify({ [k]: value })}::jsonb`;
        if (type === 'multiselect' && op === 'hasAny')
          return sql`(${column}->${k}) ?| ${sql.param(value)}::text[]`;
        if (type === 'multiselect' && op === 'hasAll')
          return sql`(${column}->${k}) ?& ${sql.param(value)}::text[]`;
        if (type === 'multiselect' && op === 'isEmpty')
          return sql`coalesce(jsonb_array_length(${column}->${k}), 0) = 0`;
        if (type === 'multiselect' && op === 'isNotEmpty')
          return sql`coalesce(jsonb_array_length(${column}->${k}), 0) > 0`;
        if ((op === 'contains' || op === 'startsWith') && type === 'text') return undefined;
        return undefined;
      },
    };
  }
  return specs;
}
