import { sql } from 'drizzle-orm';
import type { TimelineSource } from '../timeline/index.ts';
import { tasks as t } from './tasks.schema.ts';
import { loadTasks, toTaskDto } from './tasks.service.ts';

/**
 * Tasks about the contact, or about the company and its people, at the time they were created (read through
 * the `(contact_id|company_id, created_at desc, id desc)` indexes); the entry shows the task's state now.
 */
export const taskTimelineSource: TimelineSource = {
  type: 'task',
  keys: (subject, _filter, before, limit) => {
    const owner = subject.kind === 'contact' ? t.contactId : t.companyId;
    return sql`select ${t.createdAt} as at, ${t.id}::text as key, ${t.id}::text as id from ${t}
      where ${owner} = ${subject.id} and ${t.deletedAt} is null and ${before(sql`${t.createdAt}`, sql`${t.id}`)}
      order by ${t.createdAt} desc nulls last, ${t.id} desc nulls last limit ${limit}`;
  },
  load: async (db, ids) =>
    (await loadTasks(db, ids))
      .filter((row) => !row.deletedAt)
      .map((row) => ({
        type: 'task' as const,
        id: row.id,
        at: row.createdAt.toISOString(),
        task: toTaskDto(row),
      })),
};
