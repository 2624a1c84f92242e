import { sql } from 'drizzle-orm';
import type { LeadModelDto } from '../../../shared/leads.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { audit } from '../system/index.ts';
import { leadModels } from './leads.schema.ts';
import { featureNames, featureRow, type LeadAttrs, loadAttrs } from './scoring.features.ts';
import { auc, fitLogistic, predict } from './scoring.model.ts';
import { requestBulkRescore, rescoreNow, toModelDto } from './scoring.service.ts';

/** At most this many labelled leads (the newest) go into one fit. */
const MAX_ROWS = 100_000;
const MIN_PER_CLASS = 5;

/** A fixed fifth of the leads (by id) is held out to measure the model; the same split every time. */
const heldOut = (id: string) => Number.parseInt(id.slice(0, 8), 16) % 5 === 0;

/**
 * The won/lost history: every past lead (a contact with a lead profile) and every contact with a deal. Won:
 * became a customer, or has a won deal. Lost: disqualified, or has deals and all of them are lost.
 */
async function labelledContacts(ctx: Ctx): Promise<{ id: string; label: number }[]> {
  const res = await ctx.db.execute(sql`
    with cand as (
      select contact_id as id from lead_profiles
      union
      select contact_id from deals where contact_id is not null and deleted_at is null
    ), labelled as (
      select c.id, c.created_at,
        case
          when c.lifecycle_stage in ('customer', 'repeat', 'advocate')
            or exists (select 1 from deals d where d.contact_id = c.id and d.deleted_at is null and d.status = 'won')
            then 1
          when p.disqualified_at is not null
            or (exists (select 1 from deals d where d.contact_id = c.id and d.deleted_at is null and d.status = 'lost')
                and not exists (select 1 from deals d where d.contact_id = c.id and d.deleted_at is null and d.status <> 'lost'))
            then 0
        end as label
      from cand join contacts c on c.id = cand.id and c.deleted_at is null
      left join lead_profiles p on p.contact_id = c.id
    )
    select id, label from labelled where label is not null
    order by created_at desc, id desc limit ${MAX_ROWS}`);
  return res.rows as { id: string; label: number }[];
}

export async function trainLeadModel(ctx: Ctx): Promise<LeadModelDto> {
  const labelled = await labelledContacts(ctx);
  const labels = new Map(labelled.map((r) => [r.id, Number(r.label)]));
  const attrs: LeadAttrs[] = [];
  for (let i = 0; i < labelled.length; i += 1000)
    attrs.push(
      ...(await loadAttrs(
        ctx.db,
        labelled.slice(i, i + 1000).map((r) => r.id),
        ctx.now(),
      )),
    );
  const positives = attrs.filter((a) => labels.get(a.id) === 1).length;
  if (positives < MIN_PER_CLASS || attrs.length - positives < MIN_PER_CLASS)
    throw new AppError('not_enough_history', {
      status: 422,
      detail: `Training needs at least ${MIN_PER_CLASS} won and ${MIN_PER_CLASS} lost leads; there are ${positives} won and ${attrs.length - positives} lost.`,
    });
  const features = featureNames(attrs);
  const train = attrs.filter((a) => !heldOut(a.id));
  const test = attrs.filter((a) => heldOut(a.id));
  const model = fitLogistic(
    features,
    train.map((a) => featureRow(a, features)),
    train.map((a) => labels.get(a.id)!),
  );
  const quality = auc(
    test.map((a) => predict(model, featureRow(a, features)).probability),
    test.map((a) => labels.get(a.id)!),
  );
  const row = await ctx.db.transaction(async (tx) => {
    // The next version under a lock on the table's newest row (two trainings at once get two versions).
    await tx.execute(sql`lock table lead_models in share row exclusive mode`);
    const [{ next }] = (await tx.execute(sql`select coalesce(max(version), 0) + 1 as next from lead_models`))
      .rows as [{ next: number }];
    const [saved] = await tx
      .insert(leadModels)
      .values({
        version: Number(next),
        trainedAt: ctx.now(),
        trainedById: ctx.user.via === 'system' ? null : ctx.user.id,
        n: attrs.length,
        positives,
        auc: quality,
        model: { ...model, holdout: test.length },
      })
      .returning();
    await requestBulkRescore(tx);
    await audit({ db: tx, user: ctx.user }, 'lead_model.train', 'lead_model', String(next), {
      n: attrs.length,
      positives,
      auc: quality,
    });
    return saved!;
  });
  await rescoreNow(ctx);
  return toModelDto(row);
}
