import { sql } from 'drizzle-orm';
import { orderFields } from '../../../shared/orders.ts';
import type { EntitySpec, FieldSpec, SortKey, SqlCast } from '../../db/list-query.ts';
import { orders as o } from './orders.schema.ts';

const f = (name: keyof typeof orderFields, expr: FieldSpec['expr'], cast: SqlCast, nullable: boolean) => ({
  meta: orderFields[name]!,
  expr,
  cast,
  nullable,
});

export const orderSpec: EntitySpec = {
  fields: {
    number: f('number', sql`${o.number}`, 'text', false),
    status: f('status', sql`${o.status}`, 'text', false),
    channel: f('channel', sql`${o.channel}`, 'text', false),
    contactId: f('contactId', sql`${o.contactId}`, 'uuid', true),
    companyId: f('companyId', sql`${o.companyId}`, 'uuid', true),
    ownerId: f('ownerId', sql`${o.ownerId}`, 'uuid', true),
    quoteId: f('quoteId', sql`${o.quoteId}`, 'uuid', true),
    currency: f('currency', sql`${o.currency}`, 'text', false),
    source: f('source', sql`${o.source}`, 'text', true),
    orderedAt: { ...f('orderedAt', sql`${o.orderedAt}`, 'timestamptz', false), descIndexed: true },
    gross: f('gross', sql`${o.gross}`, 'numeric', false),
    createdAt: f('createdAt', sql`${o.createdAt}`, 'timestamptz', false),
  },
  id: sql`${o.id}`,
};

/** Newest first: the order of the `(…, ordered_at desc, id desc)` indexes (all, per status, contact, company). */
export const newestFirst: SortKey[] = [
  {
    name: 'orderedAt',
    expr: sql`${o.orderedAt}`,
    desc: true,
    cast: 'timestamptz',
    nullable: false,
    descIndexed: true,
  },
];
