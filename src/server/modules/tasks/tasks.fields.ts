import { sql } from 'drizzle-orm';
import { taskFields } from '../../../shared/tasks.ts';
import type { EntitySpec, FieldSpec, SortKey, SqlCast } from '../../db/list-query.ts';
import { tasks as t } from './tasks.schema.ts';

const f = (name: keyof typeof taskFields, expr: FieldSpec['expr'], cast: SqlCast, nullable: boolean) => ({
  meta: taskFields[name]!,
  expr,
  cast,
  nullable,
});

/** Priorities sort by weight (urgent first when descending), not alphabetically. */
const priorityRank = sql`(case ${t.priority} when 'urgent' then 4 when 'high' then 3 when 'normal' then 2 else 1 end)`;

export const taskSpec: EntitySpec = {
  fields: {
    title: f('title', sql`${t.title}`, 'text', false),
    status: f('status', sql`${t.status}`, 'text', false),
    priority: { ...f('priority', sql`${t.priority}`, 'numeric', false), sortExpr: priorityRank },
    dueAt: f('dueAt', sql`${t.dueAt}`, 'timestamptz', true),
    remindAt: f('remindAt', sql`${t.remindAt}`, 'timestamptz', true),
    assigneeId: f('assigneeId', sql`${t.assigneeId}`, 'uuid', true),
    contactId: f('contactId', sql`${t.contactId}`, 'uuid', true),
    companyId: f('companyId', sql`${t.companyId}`, 'uuid', true),
    linkType: f('linkType', sql`${t.linkType}`, 'text', true),
    linkId: f('linkId', sql`${t.linkId}`, 'uuid', true),
    createdById: f('createdById', sql`${t.createdById}`, 'uuid', true),
    completedAt: f('completedAt', sql`${t.completedAt}`, 'timestamptz', true),
    createdAt: { ...f('createdAt', sql`${t.createdAt}`, 'timestamptz', false), descIndexed: true },
    updatedAt: f('updatedAt', sql`${t.updatedAt}`, 'timestamptz', false),
  },
  id: sql`${t.id}`,
};

/**
 * Work to do comes soonest due first, tasks without a due time last: `due_at asc nulls last, id asc`, the
 * order of the `(assignee_id, due_at, id)` and `(due_at, id)` indexes.
 */
export const soonestDue: SortKey[] = [
  { name: 'dueAt', expr: sql`${t.dueAt}`, desc: false, cast: 'timestamptz', nullable: true },
];

/** Done tasks: the latest completed first. */
export const latestCompleted: SortKey[] = [
  { name: 'completedAt', expr: sql`${t.completedAt}`, desc: true, cast: 'timestamptz', nullable: true },
];

/** Without a view: newest first, the order of the created-at indexes (per contact, company, assignee). */
export const newestFirst: SortKey[] = [
  {
    name: 'createdAt',
    expr: sql`${t.createdAt}`,
    desc: true,
    cast: 'timestamptz',
    nullable: false,
    descIndexed: true,
  },
];

/** Fields whose changes are recorded in the history. */
export const taskHistoryFields = [
  'title',
  'description',
  'dueAt',
  'remindAt',
  'priority',
  'status',
  'assigneeId',
  'contactId',
  'companyId',
  'linkType',
  'linkId',
] as const;
