/** Customer analytics: BTYD summaries, BG/NBD, Pareto/NBD, Gamma-Gamma, CLV (docs/ANALYTICS.md). */

export { fitModels, loadSummary, runAnalyticsFit, runAnalyticsScore } from './analytics.cli.ts';
export { analyticsError } from './analytics.errors.ts';
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
export {
  fitParetoNbd,
  type ParetoNbdParams,
  paretoNbdConditionalExpected,
  paretoNbdExpected,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
} from './pareto-nbd.ts';
export { parseCdnow, parseOrdersCsv, parseSummaryCsv } from './readers.ts';
export { type CustomerScore, scoreCustomers } from './score.ts';
export { type CustomerSummary, summarize, type TimeUnit, type Transaction, toColumns } from './summary.ts';
export { scoreFieldSpecs } from './score.fields.ts';
export { analyticsRoutes } from './analytics.routes.ts';
export { SCORING_JOB, scoringJob, scoringSweep } from './scoring.queue.ts';
