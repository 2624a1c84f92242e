import { asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import type {
  CreateScoringRuleInput,
  LeadModelDto,
  ScoringRuleDto,
  UpdateScoringRuleInput,
} from '../../../shared/leads.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { assertVersion } from '../records/index.ts';
import { leadModels, leadScoringRules, leadScoringState } from './leads.schema.ts';
import { attrsSql, FREE_MAIL_DOMAINS, featureRow, loadAttrs } from './scoring.features.ts';
import { type FittedModel, predict, topFactors } from './scoring.model.ts';

type RuleRow = typeof leadScoringRules.$inferSelect;

export const toRuleDto = (r: RuleRow): ScoringRuleDto => ({
  id: r.id,
  name: r.name,
  kind: r.kind as ScoringRuleDto['kind'],
  values: r.values,
  threshold: r.threshold,
  points: r.points,
  position: r.position,
  active: r.active,
  version: r.version,
});

export async function listScoringRules(db: Executor) {
  const rows = await db
    .select()
    .from(leadScoringRules)
    .orderBy(asc(leadScoringRules.position), asc(leadScoringRules.createdAt));
  return rows.map(toRuleDto);
}

const lower = (values: string[]) => values.map((v) => v.toLowerCase());

/** One rule as a SQL condition over the attributes CTE `a` (values are bound parameters, never SQL text). */
function ruleCondition(r: RuleRow): SQL {
  const vals = sql.param(r.kind === 'country_in' ? r.values.map((v) => v.toUpperCase()) : lower(r.values));
  const t = r.threshold ?? 0;
  const free = sql.param(FREE_MAIL_DOMAINS);
  switch (r.kind) {
    case 'job_title_contains':
      return sql`exists (select 1 from unnest(${vals}::text[]) v where position(v in lower(coalesce(a."jobTitle", ''))) > 0)`;
    case 'country_in':
      return sql`coalesce(a.country = any(${vals}::text[]), false)`;
    case 'source_equals':
      return sql`coalesce(lower(a.source) = any(${vals}::text[]), false)`;
    case 'industry_in':
      return sql`coalesce(lower(a.industry) = any(${vals}::text[]), false)`;
    case 'employees_at_least':
      return sql`coalesce(a.employees >= ${t}, false)`;
    case 'business_email':
      return sql`(a.email is not null and lower(split_part(a.email, '@', 2)) <> all(${free}::text[]))`;
    case 'free_email':
      return sql`(a.email is not null and lower(split_part(a.email, '@', 2)) = any(${free}::text[]))`;
    case 'tag':
      return sql`exists (select 1 from unnest(a.tags) x where lower(x) = any(${vals}::text[]))`;
    case 'inbound_30d':
      return sql`a.inbound30 >= ${t}`;
    case 'meetings_90d':
      return sql`a.meetings90 >= ${t}`;
    case 'form_submissions':
      return sql`a.submissions >= ${t}`;
    default:
      return sql`false`;
  }
}

/** The active model, cached per process by version (a new version is read at once). */
let cached: { version: number; model: FittedModel } | null = null;
async function activeModel(db: Executor): Promise<{ version: number; model: FittedModel } | null> {
  const [row] = await db
    .select({ version: leadModels.version })
    .from(leadModels)
    .orderBy(desc(leadModels.version))
    .limit(1);
  if (!row) return null;
  if (cached?.version !== row.version) {
    const [full] = await db.select().from(leadModels).where(eq(leadModels.version, row.version));
    cached = { version: row.version, model: full!.model as FittedModel };
  }
  return cached;
}

/**
 * Scores these contacts: rule points for all of them in one set-based statement (an upsert into
 * `lead_profiles`), then the learned probability and top factors in one more. Call inside the transaction
 * that changed them, or in batches from the sweep.
 */
export async function scoreContacts(db: Executor, ids: string[], now: Date): Promise<number> {
  if (!ids.length) return 0;
  const rules = (await db.select().from(leadScoringRules).where(eq(leadScoringRules.active, true))).sort(
    (a, b) => a.position - b.position,
  );
  const points = rules.length
    ? sql.join(
        rules.map((r) => sql`(case when ${ruleCondition(r)} then ${r.points}::int else 0 end)`),
        sql` + `,
      )
    : sql`0`;
  const matched = rules.length
    ? sql`array_remove(array[${sql.join(
        rules.map((r) => sql`case when ${ruleCondition(r)} then ${r.id}::text end`),
        sql`, `,
      )}]::text[], null)`
    : sql`'{}'::text[]`;
  const res = await db.execute(sql`
    with a as (${attrsSql(ids, now)})
    insert into lead_profiles (contact_id, rule_points, rule_factors, scored_at)
    select a.id, ${points}, ${matched}, ${now.toISOString()}::timestamptz from a
    on conflict (contact_id) do update set rule_points = excluded.rule_points,
      rule_factors = excluded.rule_factors, scored_at = excluded.scored_at`);
  const active = await activeModel(db);
  if (active) {
    const attrs = await loadAttrs(db, ids, now);
    const scored = attrs.map((a) => {
      const row = featureRow(a, active.model.features);
      const { probability, contributions } = predict(active.model, row);
      return { id: a.id, p: probability, f: topFactors(active.model, row, contributions) };
    });
    await db.execute(sql`
      update lead_profiles p set probability = v.p, model_version = ${active.version}::int, factors = v.f
      from jsonb_to_recordset(${JSON.stringify(scored)}::jsonb) as v(id uuid, p float8, f jsonb)
      where p.contact_id = v.id`);
  }
  return (res as { rowCount?: number }).rowCount ?? ids.length;
}

/** Asks for every lead to be rescored (after training or a rule change); the sweep walks them in batches. */
export async function requestBulkRescore(db: Executor) {
  await db
    .insert(leadScoringState)
    .values({ id: 1, bulkPending: true })
    .onConflictDoUpdate({
      target: leadScoringState.id,
      set: { bulkPending: true, bulkAfterCreated: null, bulkAfterId: null },
    });
}

export const BULK_BATCH = 1000;

/**
 * One batch of the bulk rescore: the next leads in `contacts_stage_idx` order after the stored place, scored,
 * and the place moved on — in one transaction, under the state row's lock (two instances never do one batch).
 * Returns how many were scored (0: nothing pending).
 */
export async function rescoreBatch(ctx: Ctx): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const [state] = await tx
      .select()
      .from(leadScoringState)
      .where(eq(leadScoringState.id, 1))
      .for('update', { skipLocked: true });
    if (!state?.bulkPending) return 0;
    const after =
      state.bulkAfterCreated && state.bulkAfterId
        ? sql`and (created_at, id) < (${state.bulkAfterCreated.toISOString()}::timestamptz, ${state.bulkAfterId}::uuid)`
        : sql``;
    const batch = await tx.execute(sql`
      select id, created_at from contacts
      where lifecycle_stage = 'lead' and deleted_at is null ${after}
      order by created_at desc, id desc limit ${BULK_BATCH}`);
    const rows = batch.rows as { id: string; created_at: string | Date }[];
    await scoreContacts(
      tx,
      rows.map((r) => r.id),
      ctx.now(),
    );
    const last = rows.at(-1);
    await tx
      .update(leadScoringState)
      .set(
        rows.length < BULK_BATCH || !last
          ? { bulkPending: false, bulkAfterCreated: null, bulkAfterId: null }
          : { bulkAfterCreated: new Date(last.created_at), bulkAfterId: last.id },
      )
      .where(eq(leadScoringState.id, 1));
    return Math.max(rows.length, 1);
  });
}

/** Runs the bulk rescore now, up to `maxBatches` (the sweep finishes the rest). */
export async function rescoreNow(ctx: Ctx, maxBatches = 5) {
  for (let i = 0; i < maxBatches; i++) if ((await rescoreBatch(ctx)) < BULK_BATCH) return;
}

export async function createScoringRule(ctx: Ctx, input: CreateScoringRuleInput) {
  const dto = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(leadScoringRules)
      .values({ ...input, createdAt: ctx.now(), updatedAt: ctx.now() })
      .returning();
    await requestBulkRescore(tx);
    return toRuleDto(row!);
  });
  await rescoreNow(ctx);
  return dto;
}

export async function updateScoringRule(
  ctx: Ctx,
  id: string,
  input: UpdateScoringRuleInput,
  expectedVersion?: number,
) {
  const dto = await ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(leadScoringRules)
      .where(eq(leadScoringRules.id, id))
      .for('update');
    if (!current) throw notFound('scoring_rule');
    assertVersion(current.version, expectedVersion);
    const merged = { ...current, ...input };
    const needsValues = ['job_title_contains', 'country_in', 'source_equals', 'industry_in', 'tag'];
    if (needsValues.includes(merged.kind) && !merged.values.length)
      throw new AppError('validation_failed', {
        status: 422,
        errors: [{ path: 'values', message: 'Give at least one value' }],
      });
    const [row] = await tx
      .update(leadScoringRules)
      .set({ ...input, version: sql`${leadScoringRules.version} + 1`, updatedAt: ctx.now() })
      .where(eq(leadScoringRules.id, id))
      .returning();
    await requestBulkRescore(tx);
    return toRuleDto(row!);
  });
  await rescoreNow(ctx);
  return dto;
}

export async function deleteScoringRule(ctx: Ctx, id: string) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(leadScoringRules)
      .where(eq(leadScoringRules.id, id))
      .returning({ id: leadScoringRules.id });
    if (!row) throw notFound('scoring_rule');
    await requestBulkRescore(tx);
  });
  await rescoreNow(ctx);
}

export function toModelDto(row: typeof leadModels.$inferSelect): LeadModelDto {
  const m = row.model as FittedModel & { holdout?: number };
  return {
    version: row.version,
    trainedAt: row.trainedAt.toISOString(),
    n: row.n,
    positives: row.positives,
    auc: row.auc,
    holdout: m.holdout ?? 0,
    features: m.features.map((feature, j) => ({
      feature,
      coefficient: Math.round(m.coef[j]! * 1000) / 1000,
    })),
  };
}

export async function currentModel(db: Executor): Promise<LeadModelDto | null> {
  const [row] = await db.select().from(leadModels).orderBy(desc(leadModels.version)).limit(1);
  return row ? toModelDto(row) : null;
}
