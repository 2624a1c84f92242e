import { sql } from 'drizzle-orm';
import { dealFields } from '../../../shared/deals.ts';
import type { EntitySpec, FieldSpec, SortKey, SqlCast } from '../../db/list-query.ts';
import { deals as d } from './deals.schema.ts';

const f = (name: keyof typeof dealFields, expr: FieldSpec['expr'], cast: SqlCast, nullable: boolean) => ({
  meta: dealFields[name]!,
  expr,
  cast,
  nullable,
});

export const dealSpec: EntitySpec = {
  fields: {
    title: f('title', sql`${d.title}`, 'text', false),
    pipelineId: f('pipelineId', sql`${d.pipelineId}`, 'uuid', false),
    stageId: f('stageId', sql`${d.stageId}`, 'uuid', false),
    status: f('status', sql`${d.status}`, 'text', false),
    amount: f('amount', sql`${d.amount}`, 'numeric', false),
    currency: f('currency', sql`${d.currency}`, 'text', false),
    expectedCloseOn: f('expectedCloseOn', sql`${d.expectedCloseOn}`, 'date', true),
    ownerId: f('ownerId', sql`${d.ownerId}`, 'uuid', true),
    contactId: f('contactId', sql`${d.contactId}`, 'uuid', true),
    companyId: f('companyId', sql`${d.companyId}`, 'uuid', true),
    source: f('source', sql`${d.source}`, 'text', true),
    closeReason: f('closeReason', sql`${d.closeReason}`, 'text', true),
    closedAt: f('closedAt', sql`${d.closedAt}`, 'timestamptz', true),
    createdAt: { ...f('createdAt', sql`${d.createdAt}`, 'timestamptz', false), descIndexed: true },
    updatedAt: f('updatedAt', sql`${d.updatedAt}`, 'timestamptz', false),
  },
  id: sql`${d.id}`,
};

/** Newest first: the order of the created-at indexes (overall, per owner, contact and company). */
export const newestFirst: SortKey[] = [
  {
    name: 'createdAt',
    expr: sql`${d.createdAt}`,
    desc: true,
    cast: 'timestamptz',
    nullable: false,
    descIndexed: true,
  },
];

/** Fields whose changes are recorded in the history (stage moves with who and when among them). */
export const dealHistoryFields = [
  'title',
  'pipelineId',
  'stageId',
  'status',
  'amount',
  'currency',
  'expectedCloseOn',
  'ownerId',
  'contactId',
  'companyId',
  'source',
  'description',
  'closeReason',
  'closeNote',
  'lineCount',
] as const;
