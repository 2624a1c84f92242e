import { sql } from 'drizzle-orm';
import type { RelationshipDto, StayInTouchQuery } from '../../../shared/relationships.ts';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { getContact } from '../contacts/index.ts';
import { suggestStage } from './rules.ts';

const DAY = 86_400_000;
const iso = (v: unknown) => (v == null ? null : (v instanceof Date ? v : new Date(String(v))).toISOString());
const daysBetween = (from: string | null, to: Date) =>
  from === null ? null : Math.max(0, Math.floor((to.getTime() - new Date(from).getTime()) / DAY));

/**
 * A contact's relationship: type and stage with their history, the activity the stage rules look at, the
 * rules' suggestion, and where the stay-in-touch cadence stands. Reads one index range of the contact's
 * interactions (the last 365 days) and the contact's history.
 */
export async function getRelationship(ctx: Ctx, contactId: string): Promise<RelationshipDto> {
  const contact = await getContact(ctx, contactId, { includeDeleted: true });
  const now = ctx.now();
  const since365 = new Date(now.getTime() - 365 * DAY).toISOString();
  const since90 = new Date(now.getTime() - 90 * DAY);
  const [activity] = rowsOf<{
    inbound90: number;
    outbound90: number;
    interactions365: number;
    purchases365: number;
    last_inbound: string | Date | null;
    last_any: string | Date | null;
  }>(
    await ctx.db.execute(sql`
      select count(*) filter (where occurred_at >= ${since90.toISOString()}::timestamptz and direction = 'in')::int as inbound90,
             count(*) filter (where occurred_at >= ${since90.toISOString()}::timestamptz and direction = 'out')::int as outbound90,
             count(*)::int as interactions365,
             count(*) filter (where touchpoint = 'shop' and direction = 'in')::int as purchases365,
             max(occurred_at) filter (where direction = 'in') as last_inbound,
             (select max(occurred_at) from interactions
               where contact_id = ${contactId} and deleted_at is null) as last_any
      from interactions
      where contact_id = ${contactId} and deleted_at is null
        and occurred_at >= ${since365}::timestamptz and occurred_at <= ${now.toISOString()}::timestamptz`),
  );
  const history = rowsOf<{
    at: string | Date;
    actor_name: string | null;
    changes: { field: string; old: unknown; new: unknown }[];
  }>(
    await ctx.db.execute(sql`
      select h.at, u.name as actor_name, h.changes from record_history h
      left join users u on u.id = h.actor_id
      where h.entity = 'contact' and h.record_id = ${contactId}
        and (h.changes @> '[{"field":"relationshipStage"}]' or h.changes @> '[{"field":"relationshipType"}]')
      order by h.id desc limit 50`),
  );
  const stageHistory = history.flatMap((h) =>
    h.changes
      .filter((c) => (c.field === 'relationshipStage' || c.field === 'relationshipType') && c.old !== c.new)
      .map((c) => ({
        at: iso(h.at)!,
        field: c.field as 'relationshipStage' | 'relationshipType',
        from: (c.old as string | null) ?? null,
        to: (c.new as string | null) ?? null,
        actorName: h.actor_name,
      })),
  );
  const stageSince = stageHistory.find((h) => h.field === 'relationshipStage')?.at ?? null;
  const lastInboundAt = iso(activity?.last_inbound);
  const lastInteractionAt = iso(activity?.last_any);
  const daysSinceInteraction = daysBetween(lastInteractionAt, now);
  const facts = {
    stage: contact.relationshipStage,
    lifecycleStage: contact.lifecycleStage,
    stayInTouchDays: contact.stayInTouchDays,
    daysSinceInteraction,
    daysSinceInbound: daysBetween(lastInboundAt, now),
    inbound90: activity?.inbound90 ?? 0,
    outbound90: activity?.outbound90 ?? 0,
    interactions365: activity?.interactions365 ?? 0,
    purchases365: activity?.purchases365 ?? 0,
  };
  const dueAt = contact.touchDueAt;
  const overdueMs = dueAt ? now.getTime() - new Date(dueAt).getTime() : -1;
  return {
    contactId,
    type: contact.relationshipType,
    stage: contact.relationshipStage,
    lifecycleStage: contact.lifecycleStage,
    stageSince,
    stageHistory,
    lastInteractionAt,
    daysSinceInteraction,
    activity: {
      inbound90: facts.inbound90,
      outbound90: facts.outbound90,
      interactions365: facts.interactions365,
      purchases365: facts.purchases365,
      lastInboundAt,
    },
    suggestion: contact.deletedAt ? null : suggestStage(facts),
    stayInTouch: {
      days: contact.stayInTouchDays,
      dueAt,
      overdue: overdueMs >= 0,
      daysOverdue: overdueMs >= 0 ? Math.floor(overdueMs / DAY) : 0,
    },
  };
}

const cursorOf = (dueAt: string, id: string) =>
  Buffer.from(JSON.stringify([dueAt, id])).toString('base64url');

function parseCursor(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (Number.isNaN(new Date(at).getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('bad');
    return [at, id];
  } catch {
    throw new AppError('invalid_query', {
      status: 400,
      errors: [{ path: 'query.cursor', message: 'Not a cursor of this list' }],
    });
  }
}

/**
 * The stay-in-touch list of one owner: contacts with a cadence whose next touch is due, most overdue first.
 * One range of `contacts_touch_due_idx` (owner, due, id), keyset-paginated.
 */
export async function listStayInTouch(ctx: Ctx, q: StayInTouchQuery) {
  const now = ctx.now();
  const until = q.due === 'week' ? new Date(now.getTime() + 7 * DAY) : now;
  const owner =
    q.ownerId === 'none'
      ? sql`c.owner_id is null`
      : sql`c.owner_id = ${q.ownerId === 'me' ? ctx.user.id : q.ownerId}::uuid`;
  const after = q.cursor ? parseCursor(q.cursor) : null;
  const rows = rowsOf<{
    id: string;
    first_name: string;
    last_name: string;
    emails: { address: string }[];
    company_id: string | null;
    company_name: string | null;
    owner_id: string | null;
    relationship_stage: RelationshipDto['stage'];
    stay_in_touch_days: number;
    last_interaction_at: string | Date | null;
    touch_due_at: string | Date;
  }>(
    await ctx.db.execute(sql`
      select c.id, c.first_name, c.last_name, c.emails, c.company_id, co.name as company_name, c.owner_id,
             c.relationship_stage, c.stay_in_touch_days, c.touch_due_at,
             (select max(i.occurred_at) from interactions i
               where i.contact_id = c.id and i.deleted_at is null) as last_interaction_at
      from contacts c left join companies co on co.id = c.company_id
      where ${owner} and c.deleted_at is null and c.touch_due_at is not null
        and c.touch_due_at <= ${until.toISOString()}::timestamptz
        ${after ? sql`and (c.touch_due_at, c.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
      order by c.touch_due_at, c.id
      limit ${q.limit + 1}`),
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => {
      const due = iso(r.touch_due_at)!;
      const name = `${r.first_name} ${r.last_name}`.trim() || r.emails[0]?.address || '—';
      return {
        id: r.id,
        name,
        companyId: r.company_id,
        companyName: r.company_name,
        ownerId: r.owner_id,
        relationshipStage: r.relationship_stage,
        stayInTouchDays: r.stay_in_touch_days,
        lastInteractionAt: iso(r.last_interaction_at),
        touchDueAt: due,
        daysOverdue: Math.floor((now.getTime() - new Date(due).getTime()) / DAY),
      };
    }),
    nextCursor: rows.length > q.limit && last ? cursorOf(iso(last.touch_due_at)!, last.id) : null,
  };
}

/** How many contacts are overdue for a touch, per owner (for the list's owner picker and team leads). */
export async function stayInTouchOwners(ctx: Ctx) {
  const rows = rowsOf<{ owner_id: string | null; owner_name: string | null; overdue: number }>(
    await ctx.db.execute(sql`
      select c.owner_id, u.name as owner_name, count(*)::int as overdue
      from contacts c left join users u on u.id = c.owner_id
      where c.deleted_at is null and c.touch_due_at is not null and c.touch_due_at <= ${ctx.now().toISOString()}::timestamptz
      group by c.owner_id, u.name
      order by count(*) desc, u.name nulls last`),
  );
  return { data: rows.map((r) => ({ ownerId: r.owner_id, ownerName: r.owner_name, overdue: r.overdue })) };
}
