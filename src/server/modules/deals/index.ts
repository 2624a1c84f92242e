export { dealBoard, dealForecast, listDeals } from './deals.list.ts';
export { dealsRoutes } from './deals.routes.ts';
export { dealLines, deals, pipelineStages, pipelines } from './deals.schema.ts';
export {
  createDeal,
  dealLinesOf,
  getDeal,
  loadDeals,
  purgeDealRecycleBin,
  toDealDto,
  updateDeal,
  winDealForQuote,
} from './deals.service.ts';
export { dealTimelineSource } from './deals.timeline.ts';
export { ensureDefaultPipeline, listPipelines, loadPipelines } from './pipelines.service.ts';
