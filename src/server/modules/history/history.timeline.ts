import { sql } from 'drizzle-orm';
import type { TimelineSource } from '../timeline/index.ts';
import { recordHistory as h } from './history.schema.ts';
import { historyByIds } from './history.service.ts';

/** Changes to the contact or company itself (who changed which fields), on its timeline. */
export const changeTimelineSource: TimelineSource = {
  type: 'change',
  keys: (subject, _filter, before, limit) => {
    const key = sql`lpad(${h.id}::text, 20, '0')`;
    return sql`select ${h.at} as at, ${key} as key, ${h.id}::text as id from ${h}
      where ${h.entity} = ${subject.kind} and ${h.recordId} = ${subject.id} and ${before(sql`${h.at}`, key)}
      order by ${h.at} desc, ${h.id} desc limit ${limit}`;
  },
  load: async (db, ids) =>
    (await historyByIds(db, ids.map(Number))).map((change) => ({
      type: 'change' as const,
      id: String(change.id),
      at: change.at,
      change,
    })),
};
