import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import type { TimelineSource } from '../timeline/index.ts';
import { interactions as i } from './interactions.schema.ts';
import { type InteractionRow, interactionSelection, toInteractionDto } from './interactions.service.ts';

export async function loadInteractions(db: Executor, ids: string[]): Promise<InteractionRow[]> {
  if (!ids.length) return [];
  return (await db
    .select(interactionSelection)
    .from(i)
    .leftJoin(contacts, eq(contacts.id, i.contactId))
    .leftJoin(companies, eq(companies.id, i.companyId))
    .where(inArray(i.id, ids))) as InteractionRow[];
}

/** Interactions with the contact, or with the company and its people, read through their timeline index. */
export const interactionTimelineSource: TimelineSource = {
  type: 'interaction',
  hasChannels: true,
  keys: (subject, filter, before, limit) => {
    const owner = subject.kind === 'contact' ? i.contactId : i.companyId;
    const channel = filter.channels?.length
      ? sql` and ${i.channel} = any(${sql.param(filter.channels)}::text[])`
      : sql``;
    const touchpoint = filter.touchpoints?.length
      ? sql` and ${i.touchpoint} = any(${sql.param(filter.touchpoints)}::text[])`
      : sql``;
    return sql`select ${i.occurredAt} as at, ${i.id}::text as key, ${i.id}::text as id from ${i}
      where ${owner} = ${subject.id} and ${i.deletedAt} is null${channel}${touchpoint}
        and ${before(sql`${i.occurredAt}`, sql`${i.id}`)}
      order by ${i.occurredAt} desc nulls last, ${i.id} desc nulls last limit ${limit}`;
  },
  load: async (db, ids) =>
    (await loadInteractions(db, ids)).map((row) => ({
      type: 'interaction' as const,
      id: row.id,
      at: row.occurredAt.toISOString(),
      interaction: toInteractionDto(row),
    })),
};
