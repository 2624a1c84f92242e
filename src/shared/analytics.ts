import { z } from 'zod';
import { currency } from './money.ts';

/**
 * Customer value: the scores the analytics job computes for every customer from the orders (RFM segment,
 * P(alive), expected purchases, CLV, churn-risk band, profitability, next-best-offers), the settings they use,
 * the runs that made them and the Customer value dashboard (docs/ANALYTICS.md).
 */

/** Who is scored: contacts (the orders' `contactId`) and companies (the orders' `companyId`), each apart. */
export const scoreSubjects = ['contact', 'company'] as const;
export const scoreSubject = z.enum(scoreSubjects);
export type ScoreSubject = z.infer<typeof scoreSubject>;

/** The usual RFM segment names (Putler's eleven), in the order the dashboard lists them. */
export const rfmSegments = [
  'champions',
  'loyal_customers',
  'potential_loyalists',
  'new_customers',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose_them',
  'hibernating',
  'lost',
] as const;
export type RfmSegmentName = (typeof rfmSegments)[number];

/** Churn-risk band from P(alive): high below the threshold, medium below halfway to 1, low above. */
export const churnBands = ['low', 'medium', 'high'] as const;
export type ChurnBand = (typeof churnBands)[number];

/** The lower edge of the "low" band: halfway from the churn threshold to 1. */
export const lowBandFrom = (threshold: number) => threshold + (1 - threshold) / 2;

/** The churn band of a P(alive): high below the threshold, medium below `lowBandFrom(threshold)`, low above. */
export function churnBandOf(pAlive: number, threshold: number): ChurnBand {
  if (pAlive < threshold) return 'high';
  if (pAlive < lowBandFrom(threshold)) return 'medium';
  return 'low';
}

/** The version of the scoring code; stored with each score so a change of method is visible. */
export const SCORING_MODEL_VERSION = 'bgnbd-gg-rfm-ar/1';

export const analyticsSettings = z
  .object({
    /** P(alive) below this is churn band "high" (and alerts the owner of a valuable customer). */
    churnThreshold: z.number().min(0.01).max(0.99),
    /** A customer whose 12-month CLV is at least this (minor units of `currency`) is "valuable". */
    valuableClv: z.number().int().min(0),
    /** Cost to serve one interaction (call, e-mail, meeting, ticket…), minor units. */
    costPerInteraction: z.number().int().min(0),
    /** Monthly discount rate of the CLV (0.01 = 1 % a month). */
    monthlyDiscountRate: z.number().min(0).max(0.5),
    /**
     * Margin rate applied to expected spend in the CLV; null: the margin of the costed orders
     * (Σ (net − cost) / Σ net over order lines with a known cost), or 1 when no line has a cost.
     */
    marginRate: z.number().min(0).max(1).nullable(),
    /** Minimum support and confidence of the association rules behind next-best-offers. */
    minSupport: z.number().min(0.0001).max(1),
    minConfidence: z.number().min(0.01).max(1),
    /** Whether the nightly run alerts owners. */
    alerts: z.boolean(),
  })
  .meta({ id: 'AnalyticsSettings' });
export type AnalyticsSettings = z.infer<typeof analyticsSettings>;
export const updateAnalyticsSettingsInput = analyticsSettings.partial().strict();
export type UpdateAnalyticsSettingsInput = z.infer<typeof updateAnalyticsSettingsInput>;

export const defaultAnalyticsSettings: AnalyticsSettings = {
  churnThreshold: 0.5,
  valuableClv: 100_000,
  costPerInteraction: 500,
  monthlyDiscountRate: 0.01,
  marginRate: null,
  minSupport: 0.001,
  minConfidence: 0.2,
  alerts: true,
};

export const nextBestOffer = z.object({
  productId: z.uuid(),
  name: z.string(),
  sku: z.string().nullable(),
  /** `rule`: an association rule the customer's purchases fire; `co-occurrence`: bought together with an item. */
  kind: z.enum(['rule', 'co-occurrence']),
  /** The products the customer bought that the offer follows from. */
  because: z.array(z.object({ productId: z.uuid(), name: z.string() })),
  confidence: z.number(),
  lift: z.number(),
  support: z.number(),
});
export type NextBestOffer = z.infer<typeof nextBestOffer>;

export const profitability = z.object({
  /** Σ quantity × unit price of the counted order lines (before discounts), minor units. */
  listRevenue: z.number().int(),
  discounts: z.number().int(),
  /** Net revenue = list revenue − discounts. */
  revenue: z.number().int(),
  costOfGoods: z.number().int(),
  interactions: z.number().int(),
  costToServe: z.number().int(),
  /** revenue − cost of goods − cost to serve. */
  profit: z.number().int(),
});
export type Profitability = z.infer<typeof profitability>;

export const customerScoreDto = z
  .object({
    subjectType: scoreSubject,
    subjectId: z.uuid(),
    currency,
    /** Purchase days (same-day orders are one purchase). */
    purchases: z.number().int(),
    firstPurchaseAt: z.string(),
    lastPurchaseAt: z.string(),
    /** BTYD summary in weeks: repeat purchases, recency t_x and age T. */
    frequency: z.number().int(),
    recencyWeeks: z.number(),
    ageWeeks: z.number(),
    /** Mean value of a purchase, minor units. */
    averageValue: z.number().int(),
    rfm: z.object({
      r: z.number().int().min(1).max(5),
      f: z.number().int().min(1).max(5),
      m: z.number().int().min(1).max(5),
      segment: z.enum(rfmSegments),
    }),
    /** Null when the run could not fit the models (too few customers or no repeat purchases). */
    pAlive: z.number().nullable(),
    expectedPurchases12m: z.number().nullable(),
    /** Expected value of one future purchase (Gamma-Gamma), minor units. */
    expectedAverageValue: z.number().int().nullable(),
    clv12: z.number().int().nullable(),
    clv24: z.number().int().nullable(),
    clv36: z.number().int().nullable(),
    churnBand: z.enum(churnBands).nullable(),
    profitability,
    nextBestOffers: z.array(nextBestOffer),
    modelVersion: z.string(),
    fittedAt: z.string(),
    runId: z.uuid(),
  })
  .meta({ id: 'CustomerScore' });
export type CustomerScoreDto = z.infer<typeof customerScoreDto>;
/** `GET /contacts/{id}/scores`, `GET /companies/{id}/scores`: null before the first run or without orders. */
export const customerScoreResponse = z.object({
  score: customerScoreDto.nullable(),
  /** The churn threshold the band was computed with, for the explanation. */
  churnThreshold: z.number(),
});
export type CustomerScoreResponse = z.infer<typeof customerScoreResponse>;

export const modelFit = z.object({
  params: z.record(z.string(), z.number()),
  logLikelihood: z.number(),
  customers: z.number().int(),
});

export const scoringRunDto = z
  .object({
    id: z.uuid(),
    jobId: z.uuid().nullable(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    trigger: z.enum(['nightly', 'manual']),
    modelVersion: z.string(),
    currency,
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    /** Per subject: customers scored, the fits (null when a model could not be fitted, with the reason). */
    subjects: z.array(
      z.object({
        subjectType: scoreSubject,
        customers: z.number().int(),
        bgnbd: modelFit.nullable(),
        gammaGamma: modelFit.nullable(),
        unfitted: z.string().nullable(),
        rules: z.number().int(),
      }),
    ),
    /** Orders left out because they are in another currency than the scoring currency. */
    otherCurrencyOrders: z.number().int(),
    alerts: z.number().int(),
    error: z.string().nullable(),
  })
  .meta({ id: 'ScoringRun' });
export type ScoringRunDto = z.infer<typeof scoringRunDto>;

export const customerValueQuery = z
  .object({
    subject: scoreSubject.default('contact'),
  })
  .strict();

/** `GET /analytics/customer-value`: the dashboard. Money in minor units of `currency`. */
export const customerValueDto = z
  .object({
    subjectType: scoreSubject,
    currency,
    run: scoringRunDto.nullable(),
    churnThreshold: z.number(),
    totals: z.object({
      customers: z.number().int(),
      clv12: z.number().int(),
      atRisk: z.number().int(),
      atRiskClv12: z.number().int(),
      revenue: z.number().int(),
      profit: z.number().int(),
    }),
    /** Histogram of 12-month CLV: buckets [from, to) in minor units (`to` null for the last). */
    clvDistribution: z.array(
      z.object({ from: z.number().int(), to: z.number().int().nullable(), customers: z.number().int() }),
    ),
    /** 5 × 5 grid of R (rows) by F (columns) score: customers and their mean monetary value. */
    rfmGrid: z.array(
      z.object({
        r: z.number().int(),
        f: z.number().int(),
        customers: z.number().int(),
        averageValue: z.number().int(),
      }),
    ),
    segments: z.array(
      z.object({ segment: z.enum(rfmSegments), customers: z.number().int(), revenue: z.number().int() }),
    ),
    /** Customers in the high churn band per owner (null: no owner), most CLV at risk first. */
    atRiskByOwner: z.array(
      z.object({
        ownerId: z.uuid().nullable(),
        ownerName: z.string().nullable(),
        customers: z.number().int(),
        clv12: z.number().int(),
      }),
    ),
    /**
     * Revenue concentration (Lorenz-style): customers sorted by revenue, most first; each point is the share of
     * customers (0–1) and the share of revenue they bring (0–1). Starts at (0, 0), ends at (1, 1).
     */
    concentration: z.array(z.object({ customers: z.number(), revenue: z.number() })),
  })
  .meta({ id: 'CustomerValue' });
export type CustomerValueDto = z.infer<typeof customerValueDto>;

/** Fields the contact and company lists can filter and sort on (joined from the latest scores). */
export const scoreListFields = {
  'score.rfmSegment': { type: 'enum', sortable: true, options: rfmSegments },
  'score.churnBand': { type: 'enum', sortable: true, options: churnBands },
  'score.pAlive': { type: 'decimal', sortable: true },
  'score.clv12': { type: 'money', sortable: true },
  'score.clv36': { type: 'money', sortable: true },
  'score.expectedPurchases12m': { type: 'decimal', sortable: true },
  'score.profit': { type: 'money', sortable: true },
} as const;

/** `GET /analytics/scores?subject=…&ids=a,b,…`: the list columns' summary of up to 200 customers at once. */
export const scoreSummaryQuery = z
  .object({
    subject: scoreSubject,
    /** Comma-separated ids (1–200). */
    ids: z
      .string()
      .max(200 * 37)
      .regex(
        /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(,[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})*$/,
        'Comma-separated ids',
      ),
  })
  .strict();
export const scoreSummary = z.object({
  subjectId: z.uuid(),
  currency,
  rfmSegment: z.enum(rfmSegments),
  churnBand: z.enum(churnBands).nullable(),
  pAlive: z.number().nullable(),
  clv12: z.number().int().nullable(),
  clv36: z.number().int().nullable(),
  profit: z.number().int(),
});
export type ScoreSummary = z.infer<typeof scoreSummary>;
export const scoreSummaryList = z.object({ data: z.array(scoreSummary) });
