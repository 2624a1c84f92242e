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
 * Events overlapping [from, to), by start. Every branch bounds `starts_at` (an event lasts at most
 * MAX_EVENT_DAYS), so each reads an index range: a contact's or company's events
 * (`events_contact_idx`, `events_company_idx`), what a person organises (`events_organizer_idx`, in start
 * order) and attends (`event_attendees_user_idx`), the caller's and teammates' calendars, or for an admin's
 * whole calendar `events_starts_idx`. Each branch carries every condition, is ordered and limited itself,
 * and their union is ordered and limited once more (ARCHITECTURE.md).
 */
export function rangeQuery(v: Viewer, q: EventsQuery & { subject?: string }): SQL {
  const from = new Date(q.from);
  const to = new Date(q.to);
  const lo = new Date(from.getTime() - MAX_EVENT_DAYS * DAY_MS);
  const attends = (ids: string[]) =>
    sql`exists (select 1 from event_attendees v where v.event_id = e.id and v.user_id = any(${uuidArray(ids)}))`;
  const common: SQL[] = [
    sql`e.deleted_at is null and e.starts_at >= ${lo.toISOString()}::timestamptz
      and e.starts_at < ${to.toISOString()}::timestamptz and e.ends_at > ${from.toISOString()}::timestamptz`,
  ];
  if (q.includeCancelled !== 'true') common.push(sql`e.status <> 'cancelled'`);
  if (q.cursor) {
    const [at, id] = parseCursor(q.cursor);
    common.push(sql`(e.starts_at, e.id) > (${at}::timestamptz, ${id}::uuid)`);
  }
  // What the caller may see, where the branch does not already imply it.
  const visible = sql`(e.organizer_id = any(${uuidArray(v.organizers)}) or ${attends([v.id])})`;
  const guarded = (conds: SQL[], implied = false) => (v.admin || implied ? conds : [...conds, visible]);
  const subjectFilter = q.subject ? [sql`(e.organizer_id = ${q.subject} or ${attends([q.subject])})`] : [];
  const companyFilter = q.companyId ? [sql`e.company_id = ${q.companyId}`] : [];

  type Branch = { join?: SQL; where: SQL[] };
  let branches: Branch[];
  if (q.contactId)
    branches = [
      { where: guarded([sql`e.contact_id = ${q.contactId}`, ...subjectFilter, ...companyFilter]) },
      {
        join: sql`join event_attendees a on a.event_id = e.id and a.contact_id = ${q.contactId}`,
        where: guarded([...subjectFilter, ...companyFilter]),
      },
    ];
  else if (q.companyId)
    branches = [{ where: guarded([sql`e.company_id = ${q.companyId}`, ...subjectFilter]) }];
  else if (q.subject) {
    const self = q.subject === v.id;
    branches = [
      { where: guarded([sql`e.organizer_id = ${q.subject}`], self) },
      {
        join: sql`join event_attendees a on a.event_id = e.id and a.user_id = ${q.subject}`,
        where: guarded([], self),
      },
    ];
  } else if (!v.admin)
    branches = [
      { where: [sql`e.organizer_id = any(${uuidArray(v.organizers)})`] },
      { join: sql`join event_attendees a on a.event_id = e.id and a.user_id = ${v.id}`, where: [] },
    ];
  else branches = [{ where: [] }];

  const limit = q.limit + 1;
  const parts = branches.map(
    (b) => sql`(select e.id, e.starts_at from events e ${b.join ?? sql``}
      where ${sql.join([...common, ...b.where], sql` and `)} order by e.starts_at, e.id limit ${limit})`,
  );
  if (parts.length === 1) return parts[0]!;
  return sql`select id, starts_at from (${sql.join(parts, sql` union `)}) u order by starts_at, id limit ${limit}`;
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
