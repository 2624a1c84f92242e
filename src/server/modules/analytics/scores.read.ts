import { eq, inArray, sql } from 'drizzle-orm';
import type {
  CustomerScoreDto,
  CustomerScoreResponse,
  ScoreSubject,
  ScoreSummary,
} from '../../../shared/analytics.ts';
import type { Currency } from '../../../shared/money.ts';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { companyScores, contactScores } from './analytics.schema.ts';
import { getAnalyticsSettings } from './analytics.settings.ts';
import { loadProductNames } from './scoring.data.ts';

type StoredOffer = {
  productId: string;
  kind: 'rule' | 'co-occurrence';
  because: string[];
  confidence: number;
  lift: number;
  support: number;
};

type ScoreRow = typeof contactScores.$inferSelect;

/**
 * A customer's latest scores (null before the first run or without counted orders); 404 when the contact or
 * company does not exist or is in the recycle bin. Offer product names are in the reader's language.
 */
export async function getCustomerScore(
  ctx: Ctx,
  subject: ScoreSubject,
  id: string,
): Promise<CustomerScoreResponse> {
  const table = subject === 'contact' ? sql.raw('contacts') : sql.raw('companies');
  const [exists] = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`select id from ${table} where id = ${id} and deleted_at is null`),
  );
  if (!exists) throw notFound(subject);
  const row: ScoreRow | undefined =
    subject === 'contact'
      ? (await ctx.db.select().from(contactScores).where(eq(contactScores.contactId, id)))[0]
      : await ctx.db
          .select()
          .from(companyScores)
          .where(eq(companyScores.companyId, id))
          .then(([r]) => (r ? { ...r, contactId: r.companyId } : undefined));
  const { churnThreshold } = await getAnalyticsSettings(ctx.db);
  if (!row) return { score: null, churnThreshold };
  const offers = row.nextBestOffers as StoredOffer[];
  const names = await loadProductNames(
    ctx.db,
    [...new Set(offers.flatMap((o) => [o.productId, ...o.because]))],
    ctx.user.language,
  );
  const score: CustomerScoreDto = {
    subjectType: subject,
    subjectId: id,
    currency: row.currency as Currency,
    purchases: row.purchases,
    firstPurchaseAt: row.firstPurchaseAt.toISOString(),
    lastPurchaseAt: row.lastPurchaseAt.toISOString(),
    frequency: row.frequency,
    recencyWeeks: row.recencyWeeks,
    ageWeeks: row.ageWeeks,
    averageValue: row.averageValue,
    rfm: {
      r: row.rfmR,
      f: row.rfmF,
      m: row.rfmM,
      segment: row.rfmSegment as CustomerScoreDto['rfm']['segment'],
    },
    pAlive: row.pAlive,
    expectedPurchases12m: row.expectedPurchases12m,
    expectedAverageValue: row.expectedAverageValue,
    clv12: row.clv12,
    clv24: row.clv24,
    clv36: row.clv36,
    churnBand: row.churnBand as CustomerScoreDto['churnBand'],
    profitability: {
      listRevenue: row.listRevenue,
      discounts: row.discounts,
      revenue: row.revenue,
      costOfGoods: row.costOfGoods,
      interactions: row.interactions,
      costToServe: row.costToServe,
      profit: row.profit,
    },
    // A product deleted or archived since the run is no longer offered.
    nextBestOffers: offers
      .filter((o) => names.get(o.productId)?.offerable)
      .map((o) => ({
        productId: o.productId,
        name: names.get(o.productId)!.name,
        sku: names.get(o.productId)!.sku,
        kind: o.kind,
        because: o.because
          .filter((p) => names.has(p))
          .map((p) => ({ productId: p, name: names.get(p)!.name })),
        confidence: o.confidence,
        lift: o.lift,
        support: o.support,
      })),
    modelVersion: row.modelVersion,
    fittedAt: row.fittedAt.toISOString(),
    runId: row.runId,
  };
  return { score, churnThreshold };
}

/**
 * The list columns' summary (segment, band, P(alive), CLV, profit) of up to 200 customers in one query, for the
 * rows a list shows; customers without scores are left out.
 */
export async function scoreSummaries(
  ctx: Ctx,
  subject: ScoreSubject,
  ids: string[],
): Promise<ScoreSummary[]> {
  const t = subject === 'contact' ? contactScores : companyScores;
  const key = subject === 'contact' ? contactScores.contactId : companyScores.companyId;
  const rows = await ctx.db
    .select({
      subjectId: key,
      currency: t.currency,
      rfmSegment: t.rfmSegment,
      churnBand: t.churnBand,
      pAlive: t.pAlive,
      clv12: t.clv12,
      clv36: t.clv36,
      profit: t.profit,
    })
    .from(t)
    .where(inArray(key, ids));
  return rows as ScoreSummary[];
}
