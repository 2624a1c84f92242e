import { type SQL, sql } from 'drizzle-orm';
import { type EventDto, type EventsQuery, MAX_EVENT_DAYS, MAX_RANGE_DAYS } from '../../../shared/events.ts';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { uuidArray, type Viewer, viewerOf } from './events.access.ts';
import { loadRows, toDtos } from './events.service.ts';

const DAY_MS = 86_400_000;

const badQuery = (path: string, message: string) =>
  new AppError('invalid_query', { status: 400, errors: [{ path: `query.${path}`, message }] });

const cursorOf = (startsAt: Date, id: string) =>
  Buffer.from(JSON.stringify([startsAt.toISOString(), id])).toString('base64url');

function parseCursor(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('bad');
    return [new Date(at).toISOString(), id];
  } catch {
    throw badQuery('cursor', 'Not a cursor of this list');
  }
}

/**
 * Events overlapping [from, to): every condition is on `starts_at` too (an event lasts at most
 * MAX_EVENT_DAYS), so each branch reads an index range. The candidates come from the narrowest index the
 * request allows — a contact's or company's events, a person's (organised through `events_organizer_idx`,
 * attended through `event_attendees_user_idx`), the caller's and teammates' — or, for an admin's whole
 * calendar, `events_starts_idx`; the same conditions then filter and order them (ARCHITECTURE.md).
 */
export function rangeQuery(v: Viewer, q: EventsQuery & { subject?: string }): SQL {
  const from = new Date(q.from);
  const to = new Date(q.to);
  const lo = new Date(from.getTime() - MAX_EVENT_DAYS * DAY_MS);
  const inRange = (x: string) =>
    sql`${sql.raw(x)}.deleted_at is null and ${sql.raw(x)}.starts_at >= ${lo.toISOString()}::timestamptz
      and ${sql.raw(x)}.starts_at < ${to.toISOString()}::timestamptz and ${sql.raw(x)}.ends_at > ${from.toISOString()}::timestamptz`;
  const byUsers = (organizers: string[], attendees: string[]) =>
    sql`select x.id from events x where x.organizer_id = any(${uuidArray(organizers)}) and ${inRange('x')}
      union select a.event_id from event_attendees a where a.user_id = any(${uuidArray(attendees)})`;
  const seed: SQL | null = q.contactId
    ? sql`select x.id from events x where x.contact_id = ${q.contactId} and ${inRange('x')}
        union select a.event_id from event_attendees a where a.contact_id = ${q.contactId}`
    : q.companyId
      ? sql`select x.id from events x where x.company_id = ${q.companyId} and ${inRange('x')}`
      : q.subject
        ? byUsers([q.subject], [q.subject])
        : v.admin
          ? null
          : byUsers(v.organizers, [v.id]);
  const attends = (ids: string[]) =>
    sql`exists (select 1 from event_attendees a where a.event_id = e.id and a.user_id = any(${uuidArray(ids)}))`;
  const conditions: SQL[] = [inRange('e')];
  if (seed) conditions.push(sql`e.id in (${seed})`);
  if (!v.admin)
    conditions.push(sql`(e.organizer_id = any(${uuidArray(v.organizers)}) or ${attends([v.id])})`);
  if (q.subject) conditions.push(sql`(e.organizer_id = ${q.subject} or ${attends([q.subject])})`);
  if (q.contactId)
    conditions.push(
      sql`(e.contact_id = ${q.contactId} or exists (select 1 from event_attendees a where a.event_id = e.id and a.contact_id = ${q.contactId}))`,
    );
  if (q.companyId) conditions.push(sql`e.company_id = ${q.companyId}`);
  if (q.includeCancelled !== 'true') conditions.push(sql`e.status <> 'cancelled'`);
  if (q.cursor) {
    const [at, id] = parseCursor(q.cursor);
    conditions.push(sql`(e.starts_at, e.id) > (${at}::timestamptz, ${id}::uuid)`);
  }
  return sql`select e.id, e.starts_at from events e where ${sql.join(conditions, sql` and `)}
    order by e.starts_at, e.id limit ${q.limit + 1}`;
}

export async function listEvents(
  ctx: Ctx,
  q: EventsQuery,
): Promise<{ data: EventDto[]; nextCursor: string | null }> {
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  if (to <= from) throw badQuery('to', 'Must be after from');
  if (to - from > MAX_RANGE_DAYS * DAY_MS) throw badQuery('to', `At most ${MAX_RANGE_DAYS} days after from`);
  const v = await viewerOf(ctx);
  const subject = q.mine === 'true' ? ctx.user.id : q.userId;
  const rows = rowsOf<{ id: string; starts_at: Date | string }>(
    await ctx.db.execute(rangeQuery(v, { ...q, subject })),
  );
  const page = rows.slice(0, q.limit);
  const byId = new Map(
    (
      await loadRows(
        ctx.db,
        page.map((r) => r.id),
      )
    ).map((r) => [r.id, r]),
  );
  const ordered = page.flatMap((r) => (byId.has(r.id) ? [byId.get(r.id)!] : []));
  const last = ordered[ordered.length - 1];
  return {
    data: await toDtos(ctx.db, ordered, v),
    nextCursor: rows.length > q.limit && last ? cursorOf(last.startsAt, last.id) : null,
  };
}
