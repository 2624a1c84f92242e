import { eq, getTableColumns, ne, sql } from 'drizzle-orm';
import {
  type AnalyticsSettings,
  SCORING_MODEL_VERSION,
  type ScoreSubject,
  type ScoringRunDto,
  scoreSubjects,
} from '../../../shared/analytics.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { JobCancelledError, type JobRun } from '../jobs/index.ts';
import { notify } from '../notifications/index.ts';
import { getSalesSettings } from '../sales/index.ts';
import { analyticsRuns, companyScores, contactScores } from './analytics.schema.ts';
import { getAnalyticsSettings } from './analytics.settings.ts';
import { computeCustomerValue, type StoredDashboard } from './customer-value.ts';
import { buildOfferModel, nextBestOffers, type OfferModel, ruleCount } from './nbo.ts';
import { rfmScores } from './rfm.ts';
import { fitSubject, predict, type SubjectModels } from './scoring.compute.ts';
import {
  clearFacts,
  costedMarginRate,
  countOtherCurrencyOrders,
  loadBaskets,
  loadFacts,
  loadSummaries,
  type PurchaseSummary,
  stageFacts,
} from './scoring.data.ts';

/** Customers scored and written per transaction. */
const BATCH = 1000;
/** The association rules are mined from at most this many of the most recent orders. */
const BASKET_LIMIT = 200_000;
const DAY_MS = 86_400_000;

type SubjectResult = ScoringRunDto['subjects'][number];

const scoreTable = { contact: contactScores, company: companyScores } as const;
const keyColumn = { contact: contactScores.contactId, company: companyScores.companyId } as const;

/**
 * One scoring run (the `analytics-scoring` job): for contacts and then companies, summarise the counted
 * orders, fit BG/NBD and Gamma-Gamma, score RFM, predict, cost each customer, pick next-best-offers and write
 * the scores in batches (each batch one transaction, with its alerts), then drop the scores of customers who
 * no longer have counted orders. Every row names the run, model version and fit time.
 */
export async function runScoring(run: JobRun, runId: string): Promise<Record<string, unknown>> {
  const { ctx } = run;
  const settings = await getAnalyticsSettings(ctx.db);
  const { defaultCurrency: currency } = await getSalesSettings(ctx.db);
  const now = ctx.now();
  const fittedAt = now;
  const today = Math.floor(now.getTime() / DAY_MS);
  await ctx.db.update(analyticsRuns).set({ status: 'running', currency }).where(eq(analyticsRuns.id, runId));

  const marginRate = settings.marginRate ?? (await costedMarginRate(ctx.db, currency, now)) ?? 1;
  const baskets = await loadBaskets(ctx.db, currency, now, BASKET_LIMIT);
  const offers = baskets.length
    ? buildOfferModel(baskets, { minSupport: settings.minSupport, minConfidence: settings.minConfidence })
    : null;
  const subjects: SubjectResult[] = [];
  const dashboards: Partial<Record<ScoreSubject, StoredDashboard>> = {};
  let alerts = 0;
  for (const subject of scoreSubjects) {
    const summaries = await loadSummaries(ctx.db, subject, currency, now);
    await stageFacts(ctx.db, runId, subject, currency, now);
    const models = summaries.length ? fitSubject(summaries, today) : null;
    const rfm = rfmScores(
      summaries.map((s) => ({
        id: s.id,
        recencyDays: today - s.lastDay,
        frequency: s.purchases,
        monetary: s.total,
      })),
    );
    for (let i = 0; i < summaries.length; i += BATCH) {
      const part = summaries.slice(i, i + BATCH);
      alerts += await writeBatch(ctx, {
        subject,
        part,
        rfm: rfm.slice(i, i + BATCH),
        models: models!,
        offers,
        settings,
        marginRate,
        currency,
        now,
        today,
        runId,
        fittedAt,
      });
      const { cancelRequested } = await run.checkpoint(ctx.db, { subject, scored: i + part.length });
      if (cancelRequested) throw new JobCancelledError();
    }
    await clearFacts(ctx.db, runId, subject);
    // Customers whose orders were all deleted, cancelled or moved since the last run lose their scores.
    const table = scoreTable[subject];
    await ctx.db.delete(table).where(ne(table.runId, runId));
    // Fresh statistics for the lists and the dashboard (PGlite has no autovacuum; a server may lag behind).
    await ctx.db.execute(
      sql`analyze ${sql.identifier(subject === 'contact' ? 'contact_scores' : 'company_scores')}`,
    );
    dashboards[subject] = await computeCustomerValue(ctx.db, subject, settings.churnThreshold, currency);
    subjects.push({
      subjectType: subject,
      customers: summaries.length,
      bgnbd: models?.bgnbd
        ? {
            params: { ...models.bgnbd.params },
            logLikelihood: models.bgnbd.logLikelihood,
            customers: summaries.length,
          }
        : null,
      gammaGamma: models?.gammaGamma
        ? {
            params: { ...models.gammaGamma.params },
            logLikelihood: models.gammaGamma.logLikelihood,
            customers: summaries.filter((s) => s.purchases > 1 && s.repeatTotal > 0).length,
          }
        : null,
      unfitted: models ? models.unfitted : 'There are no orders to score.',
      rules: offers ? ruleCount(offers) : 0,
    });
  }
  const otherCurrencyOrders = await countOtherCurrencyOrders(ctx.db, currency, now);
  await ctx.db
    .update(analyticsRuns)
    .set({ status: 'done', finishedAt: ctx.now(), subjects, alerts, otherCurrencyOrders, dashboards })
    .where(eq(analyticsRuns.id, runId));
  return { runId, customers: subjects.reduce((n, s) => n + s.customers, 0), alerts };
}

type Batch = {
  subject: ScoreSubject;
  part: PurchaseSummary[];
  rfm: ReturnType<typeof rfmScores>;
  models: SubjectModels;
  offers: OfferModel | null;
  settings: AnalyticsSettings;
  marginRate: number;
  currency: string;
  now: Date;
  today: number;
  runId: string;
  fittedAt: Date;
};

/**
 * Reads, scores, writes and alerts one batch in one transaction; returns the alerts sent. JIT is off for it:
 * PostgreSQL misjudges the size of the batch's statements (an `any` of 1,000 ids) and compiled them for most
 * of each batch (bench/README.md, "Customer scoring").
 */
async function writeBatch(ctx: Ctx, b: Batch): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return scoreBatch(tx, b);
  });
}

async function scoreBatch(tx: Executor, b: Batch): Promise<number> {
  const { subject, settings } = b;
  const facts = await loadFacts(
    tx,
    b.runId,
    subject,
    b.part.map((s) => s.id),
  );
  const rows: ScoreRow[] = [];
  const alertsFor: { userId: string; subjectId: string; name: string; pAlive: number; clv12: number }[] = [];
  for (let j = 0; j < b.part.length; j++) {
    const s = b.part[j]!;
    const f = facts.get(s.id);
    if (!f) continue; // the customer was erased while the run was going
    const r = b.rfm[j]!;
    const p = predict(s, b.today, b.models, settings, b.marginRate);
    const costToServe = f.interactions * settings.costPerInteraction;
    const nbo = b.offers ? nextBestOffers(b.offers, f.owned, 3) : [];
    rows.push({
      id: s.id,
      runId: b.runId,
      currency: b.currency,
      purchases: s.purchases,
      firstPurchaseAt: new Date(s.firstDay * DAY_MS),
      lastPurchaseAt: new Date(s.lastDay * DAY_MS),
      frequency: p.frequency,
      recencyWeeks: p.recencyWeeks,
      ageWeeks: p.ageWeeks,
      averageValue: p.averageValue,
      rfmR: r.r,
      rfmF: r.f,
      rfmM: r.m,
      rfmSegment: r.segment,
      pAlive: p.pAlive,
      expectedPurchases12m: p.expectedPurchases12m,
      expectedAverageValue: p.expectedAverageValue,
      clv12: p.clv12,
      clv24: p.clv24,
      clv36: p.clv36,
      churnBand: p.churnBand,
      listRevenue: f.listRevenue,
      discounts: f.discounts,
      revenue: f.revenue,
      costOfGoods: f.costOfGoods,
      interactions: f.interactions,
      costToServe,
      profit: f.revenue - f.costOfGoods - costToServe,
      nextBestOffers: nbo.map((o) => ({
        productId: o.item,
        kind: o.kind,
        because: o.because,
        confidence: o.confidence,
        lift: o.lift,
        support: o.support,
      })),
      modelVersion: SCORING_MODEL_VERSION,
      fittedAt: b.fittedAt,
    });
    // An alert when a valuable customer's P(alive) crosses below the threshold since the last run.
    if (
      settings.alerts &&
      f.ownerId &&
      p.pAlive !== null &&
      p.clv12 !== null &&
      p.pAlive < settings.churnThreshold &&
      p.clv12 >= settings.valuableClv &&
      f.previousPAlive !== null &&
      f.previousPAlive >= settings.churnThreshold
    ) {
      alertsFor.push({ userId: f.ownerId, subjectId: s.id, name: f.name, pAlive: p.pAlive, clv12: p.clv12 });
    }
  }
  if (!rows.length) return 0;
  await upsertScores(tx, subject, rows);
  if (!alertsFor.length) return 0;
  return notify(
    tx,
    alertsFor.map((a) => ({
      userId: a.userId,
      kind: 'churn_risk' as const,
      title: a.name,
      body: `P(alive) ${Math.round(a.pAlive * 100)} % · CLV 12 m ${(a.clv12 / 100).toFixed(2)} ${b.currency}`,
      linkType: subject,
      linkId: a.subjectId,
      dedupeKey: `churn:${a.subjectId}:${b.runId}`,
    })),
  );
}

type ScoreRow = Omit<typeof contactScores.$inferInsert, 'contactId'> & { id: string };

async function upsertScores(tx: Executor, subject: ScoreSubject, rows: ScoreRow[]) {
  const table = scoreTable[subject];
  const values = rows.map(({ id, ...r }) =>
    subject === 'contact' ? { ...r, contactId: id } : { ...r, companyId: id },
  );
  const set = Object.fromEntries(
    Object.entries(getTableColumns(table))
      .filter(([k]) => k !== 'contactId' && k !== 'companyId')
      .map(([k, col]) => [k, sql.raw(`excluded.${col.name}`)]),
  );
  await tx
    .insert(table)
    .values(values as (typeof table.$inferInsert)[])
    .onConflictDoUpdate({ target: keyColumn[subject], set });
}
