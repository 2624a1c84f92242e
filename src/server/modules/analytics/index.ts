/** Customer analytics: BTYD summaries, BG/NBD, Pareto/NBD, Gamma-Gamma, CLV (docs/ANALYTICS.md). */

export {
  fitModels,
  loadSummary,
  runAnalyticsFit,
  runAnalyticsRules,
  runAnalyticsScore,
} from './analytics.cli.ts';
export { analyticsError } from './analytics.errors.ts';
export { analyticsRoutes } from './analytics.routes.ts';
export {
  type BgNbdParams,
  bgnbdConditionalExpected,
  bgnbdExpected,
  bgnbdLogLikelihood,
  bgnbdProbabilityAlive,
  bgnbdProbabilityOfPurchases,
  type Fit,
  fitBgNbd,
} from './bgnbd.ts';
export { customerLifetimeValue, periodsPerMonth } from './clv.ts';
export {
  fitGammaGamma,
  type GammaGammaParams,
  gammaGammaExpectedValue,
  gammaGammaLogLikelihood,
} from './gamma-gamma.ts';
export { buildOfferModel, nextBestOffers, type Offer, type OfferModel } from './nbo.ts';
export {
  fitParetoNbd,
  type ParetoNbdParams,
  paretoNbdConditionalExpected,
  paretoNbdExpected,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
} from './pareto-nbd.ts';
export { parseCdnow, parseOrdersCsv, parseSummaryCsv } from './readers.ts';
export { type RfmInput, type RfmScore, rfmScores, rfmSegment } from './rfm.ts';
export { associationRules, type Rule } from './rules.ts';
export { scoreFieldSpecs } from './score.fields.ts';
export { type CustomerScore, scoreCustomers } from './score.ts';
export { SCORING_JOB, scoringJob, scoringSweep } from './scoring.queue.ts';
export { type CustomerSummary, summarize, type TimeUnit, type Transaction, toColumns } from './summary.ts';
