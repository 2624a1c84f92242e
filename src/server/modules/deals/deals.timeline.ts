import { eq, inArray, sql } from 'drizzle-orm';
import type { LocalizedLabels } from '../../../shared/common.ts';
import type { DealStatus, DealTimelineEntry } from '../../../shared/deals.ts';
import type { TimelineItem } from '../../../shared/timeline.ts';
import type { Executor } from '../../db/client.ts';
import { recordHistory as h } from '../history/history.schema.ts';
import type { TimelineSource } from '../timeline/index.ts';
import { users } from '../users/users.schema.ts';
import { deals as d, pipelineStages } from './deals.schema.ts';

type Change = { field: string; old: unknown; new: unknown };

/**
 * A customer's deals on their timeline: when each was created and every stage change (won and lost among
 * them), read from the deals' history. A customer has few deals, so the deals come through
 * `deals_contact_idx` / `deals_company_idx` and their entries through `record_history_record_idx`.
 */
export const dealTimelineSource: TimelineSource = {
  type: 'deal',
  keys: (subject, _filter, before, limit) => {
    const customer = subject.kind === 'contact' ? d.contactId : d.companyId;
    const key = sql`lpad(${h.id}::text, 20, '0')`;
    return sql`select ${h.at} as at, ${key} as key, ${h.id}::text as id
      from ${d} join ${h} on ${h.entity} = 'deal' and ${h.recordId} = ${d.id}
      where ${customer} = ${subject.id} and ${d.deletedAt} is null
        and (${h.action} = 'create' or ${h.changes} @> '[{"field":"stageId"}]'::jsonb)
        and ${before(sql`${h.at}`, key)}
      order by ${h.at} desc, ${h.id} desc limit ${limit}`;
  },
  load: async (db, ids) => loadEntries(db, ids.map(Number)),
};

async function loadEntries(db: Executor, ids: number[]): Promise<TimelineItem[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({
      id: h.id,
      at: h.at,
      action: h.action,
      changes: h.changes,
      actorName: sql<string | null>`coalesce(nullif(${users.name}, ''), ${users.email})`,
      deal: { id: d.id, title: d.title, amount: d.amount, currency: d.currency, status: d.status },
    })
    .from(h)
    .innerJoin(d, eq(d.id, h.recordId))
    .leftJoin(users, eq(users.id, h.actorId))
    .where(inArray(h.id, ids));
  const changeOf = (changes: unknown, field: string) => (changes as Change[]).find((c) => c.field === field);
  const stageIds = [
    ...new Set(rows.map((r) => changeOf(r.changes, 'stageId')?.new).filter((x): x is string => Boolean(x))),
  ];
  const stages = stageIds.length
    ? await db
        .select({ id: pipelineStages.id, labels: pipelineStages.labels })
        .from(pipelineStages)
        .where(inArray(pipelineStages.id, stageIds))
    : [];
  const labels = new Map(stages.map((s) => [s.id, s.labels as LocalizedLabels]));
  return rows.map((r) => {
    const stageId = changeOf(r.changes, 'stageId')?.new as string | undefined;
    const status = changeOf(r.changes, 'status')?.new as DealStatus | undefined;
    const reason = changeOf(r.changes, 'closeReason')?.new as string | null | undefined;
    const event: DealTimelineEntry['event'] =
      r.action === 'create'
        ? 'created'
        : status === 'won' || status === 'lost'
          ? status
          : status === 'open'
            ? 'reopened'
            : 'stage';
    return {
      type: 'deal' as const,
      id: String(r.id),
      at: r.at.toISOString(),
      deal: {
        event,
        dealId: r.deal.id,
        title: r.deal.title,
        amount: Number(r.deal.amount),
        currency: r.deal.currency,
        status: (status ?? r.deal.status) as DealStatus,
        stageLabels: stageId ? (labels.get(stageId) ?? null) : null,
        closeReason: reason ?? null,
        actorName: r.actorName,
      },
    };
  });
}
