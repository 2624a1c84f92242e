import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../http/context.ts';
import { recordHistoryEntry } from '../history/index.ts';
import type { Sweep } from '../jobs/index.ts';
import { chooseOwner } from './assignment.service.ts';
import { leadScoringState } from './leads.schema.ts';
import { rescoreBatch, scoreContacts } from './scoring.service.ts';

const BATCH = 500;
/** Changes are looked for a little before the last round's time: a transaction may commit after it. */
const LAG_MS = 60_000;

/**
 * Leads changed outside this module — created or edited through the contacts API or an import, or with new
 * interactions — since the last round: each gets an owner from the assignment rules when it is new and has
 * none, and is rescored. The state row's lock (SKIP LOCKED) keeps two instances from doing one round twice.
 */
async function changedLeads(ctx: Ctx): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    await tx
      .insert(leadScoringState)
      // First round on an installation: every existing lead is scored by the bulk pass.
      .values({ id: 1, watermark: now, bulkPending: true })
      .onConflictDoNothing();
    const [state] = await tx
      .select()
      .from(leadScoringState)
      .where(eq(leadScoringState.id, 1))
      .for('update', { skipLocked: true });
    if (!state) return 0;
    const since = new Date((state.watermark ?? now).getTime() - LAG_MS).toISOString();
    const res = await tx.execute(sql`
      with touched as (
        select c.id, c.updated_at as changed from contacts c
        where c.deleted_at is null and c.updated_at > ${since}::timestamptz and c.lifecycle_stage = 'lead'
        union all
        select i.contact_id, i.occurred_at from interactions i join contacts c on c.id = i.contact_id
        where i.deleted_at is null and i.occurred_at > ${since}::timestamptz
          and i.occurred_at <= ${now.toISOString()}::timestamptz
          and c.lifecycle_stage = 'lead' and c.deleted_at is null
      ), latest as (select id, max(changed) as changed from touched group by id)
      select c.id, c.owner_id as "ownerId", upper(c.addresses->0->>'country') as country,
        p.contact_id is null as "isNew"
      from latest t join contacts c on c.id = t.id
      left join lead_profiles p on p.contact_id = c.id
      where p.scored_at is null or p.scored_at < t.changed
      limit ${BATCH}`);
    const rows = res.rows as { id: string; ownerId: string | null; country: string | null; isNew: boolean }[];
    for (const r of rows.filter((x) => x.isNew && !x.ownerId)) {
      const ownerId = await chooseOwner(tx, r.country);
      if (!ownerId) continue;
      await tx.execute(
        sql`update contacts set owner_id = ${ownerId}::uuid, version = version + 1 where id = ${r.id}::uuid`,
      );
      await recordHistoryEntry(tx, ctx, 'contact', r.id, 'update', [
        { field: 'ownerId', old: null, new: ownerId },
      ]);
    }
    await scoreContacts(
      tx,
      rows.map((r) => r.id),
      now,
    );
    // A full batch: more may be waiting, so the place stays for the next round.
    if (rows.length < BATCH)
      await tx.update(leadScoringState).set({ watermark: now }).where(eq(leadScoringState.id, 1));
    return rows.length;
  });
}

/** The `lead-scoring` sweep: changed leads first, then up to five batches of a pending bulk rescore. */
export const leadScoringSweep: Sweep = {
  name: 'lead-scoring',
  run: async (ctx) => {
    let done = await changedLeads(ctx);
    for (let i = 0; i < 5; i++) {
      const n = await rescoreBatch(ctx);
      done += n;
      if (n < 1000) break;
    }
    return done;
  },
};
