import { z } from 'zod';

/**
 * The filter tree: one language for list filters, saved views and (later) segments.
 * The server compiles it to parameterised SQL against an allow-list of fields.
 */
export const filterOps = [
  'eq',
  'neq',
  'contains',
  'startsWith',
  'in',
  'gt',
  'gte',
  'lt',
  'lte',
  'isEmpty',
  'isNotEmpty',
  'hasAny',
  'hasAll',
] as const;
export type FilterOp = (typeof filterOps)[number];

export type FilterCondition = { field: string; op: FilterOp; value?: unknown };
export type FilterNode = FilterCondition | { and: FilterNode[] } | { or: FilterNode[] } | { not: FilterNode };

export const filterCondition = z
  .object({ field: z.string().max(100), op: z.enum(filterOps), value: z.unknown().optional() })
  .strict();
// A registry id: the tree is recursive, and without one the OpenAPI document gets references it cannot resolve.
export const filterNode: z.ZodType<FilterNode> = z
  .lazy(() =>
    z.union([
      filterCondition,
      z.object({ and: z.array(filterNode).max(50) }).strict(),
      z.object({ or: z.array(filterNode).max(50) }).strict(),
      z.object({ not: filterNode }).strict(),
    ]),
  )
  .meta({ id: 'FilterNode' });

export type FieldType =
  | 'text'
  | 'enum'
  | 'date'
  | 'datetime'
  | 'uuid'
  | 'tags'
  | 'integer'
  | 'decimal'
  | 'boolean'
  | 'money'
  | 'multiselect';

/** Which operators apply to which kind of field. */
export const opsByType: Record<FieldType, readonly FilterOp[]> = {
  text: ['eq', 'neq', 'contains', 'startsWith', 'in', 'isEmpty', 'isNotEmpty'],
  enum: ['eq', 'neq', 'in', 'isEmpty', 'isNotEmpty'],
  uuid: ['eq', 'neq', 'in', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'],
  datetime: ['gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'],
  integer: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'isEmpty', 'isNotEmpty'],
  decimal: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'],
  money: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'],
  boolean: ['eq', 'isEmpty', 'isNotEmpty'],
  tags: ['hasAny', 'hasAll', 'isEmpty', 'isNotEmpty'],
  multiselect: ['hasAny', 'hasAll', 'isEmpty', 'isNotEmpty'],
};

export type FieldMeta = { type: FieldType; sortable: boolean; options?: readonly string[] };

/** `sort=-createdAt,lastName`: up to three keys, `-` for descending. */
export const sortParam = z
  .string()
  .max(200)
  .regex(
    /^-?[A-Za-z0-9_.]+(,-?[A-Za-z0-9_.]+){0,2}$/,
    'Use up to three field names separated by commas, - for descending',
  );

export const listQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    sort: sortParam.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(2000).optional(),
    filter: z.string().max(20_000).optional(),
    deleted: z.enum(['only', 'include']).optional(),
  })
  .catchall(z.union([z.string().max(2000), z.array(z.string().max(2000)).max(100)]));
export type ListQuery = {
  q?: string;
  sort?: string;
  limit: number;
  cursor?: string;
  filter?: string;
  deleted?: 'only' | 'include';
  [filterParam: string]: unknown;
};
