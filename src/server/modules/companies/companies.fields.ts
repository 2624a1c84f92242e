import { sql } from 'drizzle-orm';
import { companyFields } from '../../../shared/companies.ts';
import type { CustomFieldDto } from '../../../shared/custom-fields.ts';
import type { EntitySpec, FieldSpec, SqlCast } from '../../db/list-query.ts';
import { scoreFieldSpecs } from '../analytics/index.ts';
import { customFieldSpecs } from '../custom-fields/index.ts';
import { companies as c } from './companies.schema.ts';

const f = (
  name: keyof typeof companyFields,
  expr: FieldSpec['expr'],
  cast: SqlCast,
  nullable: boolean,
  filter?: FieldSpec['filter'],
): FieldSpec => ({
  meta: companyFields[name]!,
  expr,
  cast,
  nullable,
  filter,
});

const standard: Record<string, FieldSpec> = {
  name: f('name', sql`${c.name}`, 'text', false),
  externalId: f('externalId', sql`${c.externalId}`, 'text', true),
  domain: f('domain', sql`${c.domain}`, 'text', true),
  industry: f('industry', sql`${c.industry}`, 'text', true),
  employees: f('employees', sql`${c.employees}`, 'numeric', true),
  customerGroup: f('customerGroup', sql`${c.customerGroup}`, 'text', true),
  vatId: f('vatId', sql`${c.vatId}`, 'text', true),
  ownerId: f('ownerId', sql`${c.ownerId}`, 'uuid', true),
  tags: f('tags', sql`${c.tags}`, 'text', false),
  lifecycleStage: f('lifecycleStage', sql`${c.lifecycleStage}`, 'text', true),
  relationshipType: f('relationshipType', sql`${c.relationshipType}`, 'text', true),
  relationshipStage: f('relationshipStage', sql`${c.relationshipStage}`, 'text', true),
  customerSince: f('customerSince', sql`${c.customerSince}`, 'date', true),
  country: f(
    'country',
    sql`(select string_agg(a->>'country', ' ') from jsonb_array_elements(${c.addresses}) a)`,
    'text',
    true,
    (op, v) => {
      if (op === 'eq')
        return sql`${c.addresses} @> ${JSON.stringify([{ country: String(v).toUpperCase() }])}::jsonb`;
      // As for contacts: any address counts, in any case (the generic form would compare the joined list).
      if (op === 'in')
        return sql`exists (select 1 from jsonb_array_elements(${c.addresses}) a where a->>'country' = any(${sql.param((v as string[]).map((x) => x.toUpperCase()))}::text[]))`;
      if (op === 'isEmpty') return sql`jsonb_array_length(${c.addresses}) = 0`;
      if (op === 'isNotEmpty') return sql`jsonb_array_length(${c.addresses}) > 0`;
      return undefined;
    },
  ),
  createdAt: { ...f('createdAt', sql`${c.createdAt}`, 'timestamptz', false), descIndexed: true },
  updatedAt: { ...f('updatedAt', sql`${c.updatedAt}`, 'timestamptz', false), descIndexed: true },
};

export function companySpec(defs: CustomFieldDto[]): EntitySpec {
  return {
    fields: { ...standard, ...scoreFieldSpecs('company', sql`${c.id}`), ...customFieldSpecs(defs, c.custom) },
    id: sql`${c.id}`,
  };
}

export const companyHistoryFields = [
  'name',
  'domain',
  'website',
  'industry',
  'employees',
  'customerGroup',
  'vatId',
  'emails',
  'phones',
  'addresses',
  'ownerId',
  'tags',
  'lifecycleStage',
  'relationshipType',
  'relationshipStage',
  'customerSince',
  'description',
  'custom',
  'externalId',
] as const;
