import { sql } from 'drizzle-orm';
import type { TimelineSource } from '../timeline/index.ts';
import { notes as n } from './notes.schema.ts';
import { loadNotes, toNoteDto } from './notes.service.ts';

/** Notes on the contact, or on the company and its people. */
export const noteTimelineSource: TimelineSource = {
  type: 'note',
  keys: (subject, _filter, before, limit) => {
    const owner = subject.kind === 'contact' ? n.contactId : n.companyId;
    return sql`select ${n.createdAt} as at, ${n.id}::text as key, ${n.id}::text as id from ${n}
      where ${owner} = ${subject.id} and ${n.deletedAt} is null and ${before(sql`${n.createdAt}`, sql`${n.id}`)}
      order by ${n.createdAt} desc nulls last, ${n.id} desc nulls last limit ${limit}`;
  },
  load: async (db, ids) =>
    (await loadNotes(db, ids))
      .filter((row) => !row.deletedAt)
      .map((row) => ({
        type: 'note' as const,
        id: row.id,
        at: row.createdAt.toISOString(),
        note: toNoteDto(row),
      })),
};
