import { sql } from 'drizzle-orm';
import { contactFields } from '../../../shared/contacts.ts';
import type { CustomFieldDto } from '../../../shared/custom-fields.ts';
import type { EntitySpec, FieldSpec, SqlCast } from '../../db/list-query.ts';
import { scoreFieldSpecs } from '../analytics/index.ts';
import { customFieldSpecs } from '../custom-fields/index.ts';
import { contacts as c } from './contacts.schema.ts';

const f = (
  name: keyof typeof contactFields,
  expr: FieldSpec['expr'],
  cast: SqlCast,
  nullable: boolean,
  filter?: FieldSpec['filter'],
): FieldSpec => ({
  meta: contactFields[name]!,
  expr,
  cast,
  nullable,
  filter,
});

const standard: Record<string, FieldSpec> = {
  firstName: f('firstName', sql`${c.firstName}`, 'text', false),
  lastName: f('lastName', sql`${c.lastName}`, 'text', false),
  email: f('email', sql`array_to_string(${c.emailKeys}, ' ')`, 'text', false, (op, v) => {
    if (op === 'eq') return sql`${c.emailKeys} @> array[lower(${v as string})]`;
    if (op === 'in')
      return sql`${c.emailKeys} && ${sql.param((v as string[]).map((x) => x.toLowerCase()))}::text[]`;
    if (op === 'isEmpty') return sql`cardinality(${c.emailKeys}) = 0`;
    if (op === 'isNotEmpty') return sql`cardinality(${c.emailKeys}) > 0`;
    return undefined;
  }),
  phone: f(
    'phone',
    sql`(select string_agg(p->>'number', ' ') from jsonb_array_elements(${c.phones}) p)`,
    'text',
    true,
    (op, v) => {
      if (op === 'eq') return sql`${c.phones} @> ${JSON.stringify([{ number: v }])}::jsonb`;
      if (op === 'isEmpty') return sql`jsonb_array_length(${c.phones}) = 0`;
      if (op === 'isNotEmpty') return sql`jsonb_array_length(${c.phones}) > 0`;
      return undefined;
    },
  ),
  companyId: f('companyId', sql`${c.companyId}`, 'uuid', true),
  jobTitle: f('jobTitle', sql`${c.jobTitle}`, 'text', true),
  ownerId: f('ownerId', sql`${c.ownerId}`, 'uuid', true),
  tags: f('tags', sql`${c.tags}`, 'text', false),
  lifecycleStage: f('lifecycleStage', sql`${c.lifecycleStage}`, 'text', true),
  relationshipType: f('relationshipType', sql`${c.relationshipType}`, 'text', true),
  relationshipStage: f('relationshipStage', sql`${c.relationshipStage}`, 'text', true),
  birthday: f('birthday', sql`${c.birthday}`, 'date', true),
  customerSince: f('customerSince', sql`${c.customerSince}`, 'date', true),
  language: f('language', sql`${c.language}`, 'text', true),
  preferredChannel: f('preferredChannel', sql`${c.preferredChannel}`, 'text', true),
  source: f('source', sql`${c.source}`, 'text', true),
  externalId: f('externalId', sql`${c.externalId}`, 'text', true),
  customerGroup: f('customerGroup', sql`${c.customerGroup}`, 'text', true),
  country: f(
    'country',
    sql`(select string_agg(a->>'country', ' ') from jsonb_array_elements(${c.addresses}) a)`,
    'text',
    true,
    (op, v) => {
      if (op === 'eq')
        return sql`${c.addresses} @> ${JSON.stringify([{ country: String(v).toUpperCase() }])}::jsonb`;
      if (op === 'in')
        return sql`exists (select 1 from jsonb_array_elements(${c.addresses}) a where a->>'country' = any(${sql.param((v as string[]).map((x) => x.toUpperCase()))}::text[]))`;
      if (op === 'isEmpty') return sql`jsonb_array_length(${c.addresses}) = 0`;
      if (op === 'isNotEmpty') return sql`jsonb_array_length(${c.addresses}) > 0`;
      return undefined;
    },
  ),
  stayInTouchDays: f('stayInTouchDays', sql`${c.stayInTouchDays}`, 'numeric', true),
  touchDueAt: f('touchDueAt', sql`${c.touchDueAt}`, 'timestamptz', true),
  createdAt: { ...f('createdAt', sql`${c.createdAt}`, 'timestamptz', false), descIndexed: true },
  updatedAt: { ...f('updatedAt', sql`${c.updatedAt}`, 'timestamptz', false), descIndexed: true },
};

export function contactSpec(defs: CustomFieldDto[]): EntitySpec {
  return {
    fields: { ...standard, ...scoreFieldSpecs('contact', sql`${c.id}`), ...customFieldSpecs(defs, c.custom) },
    id: sql`${c.id}`,
  };
}

/** Columns whose changes are recorded in the field history. */
export const contactHistoryFields = [
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
  'relationshipType',
  'relationshipStage',
  'birthday',
  'customerSince',
  'language',
  'preferredChannel',
  'source',
  'customerGroup',
  'stayInTouchDays',
  'description',
  'custom',
  'externalId',
] as const;
