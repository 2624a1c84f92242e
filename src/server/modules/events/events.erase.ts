import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { eraseHistoryOf } from '../history/index.ts';
import { forgetNotificationsAbout } from '../notifications/index.ts';
import { events } from './events.schema.ts';

/**
 * For a hard erase of a contact or company (GDPR): the events about it go — their titles and notes name the
 * person — with their history, attendees and the notifications about them. An event with the erased contact
 * only as an attendee stays, without them (the attendee row goes by its foreign key).
 */
export async function eraseEventsOf(tx: Executor, of: { contactIds: string[] } | { companyId: string }) {
  const about: SQL | undefined =
    'contactIds' in of
      ? inArray(events.contactId, of.contactIds)
      : and(eq(events.companyId, of.companyId), isNull(events.contactId));
  const ids = (await tx.select({ id: events.id }).from(events).where(about)).map((r) => r.id);
  if (!ids.length) return;
  await eraseHistoryOf(tx, 'event', tx.select({ id: events.id }).from(events).where(inArray(events.id, ids)));
  await forgetNotificationsAbout(tx, 'event', ids);
  await tx.delete(events).where(inArray(events.id, ids));
}
