import { sql } from 'drizzle-orm';
import type { TimelineSource } from '../timeline/index.ts';
import { orders as o } from './orders.schema.ts';
import { loadOrders, toOrderSummary } from './orders.service.ts';

/**
 * Orders of the contact, or of the company and its people, at the time they were placed (read through the
 * `(contact_id|company_id, ordered_at desc, id desc)` indexes); the entry shows the order's status now.
 */
export const orderTimelineSource: TimelineSource = {
  type: 'order',
  keys: (subject, _filter, before, limit) => {
    const customer = subject.kind === 'contact' ? o.contactId : o.companyId;
    return sql`select ${o.orderedAt} as at, ${o.id}::text as key, ${o.id}::text as id from ${o}
      where ${customer} = ${subject.id} and ${o.deletedAt} is null and ${before(sql`${o.orderedAt}`, sql`${o.id}`)}
      order by ${o.orderedAt} desc nulls last, ${o.id} desc nulls last limit ${limit}`;
  },
  load: async (db, ids) =>
    (await loadOrders(db, ids))
      .filter((row) => !row.deletedAt)
      .map((row) => ({
        type: 'order' as const,
        id: row.id,
        at: row.orderedAt.toISOString(),
        order: toOrderSummary(row),
      })),
};
