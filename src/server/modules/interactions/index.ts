export { ingestSourcesRoutes } from './ingest-sources.routes.ts';
export { signWebhook } from './ingest-sources.service.ts';
export { interactionsRoutes } from './interactions.routes.ts';
export { interactions } from './interactions.schema.ts';
export {
  createInteraction,
  eraseInteractionsOf,
  getInteraction,
  type InteractionRow,
  interactionSelection,
  purgeInteractionRecycleBin,
  toInteractionDto,
} from './interactions.service.ts';
export { interactionTimelineSource, loadInteractions } from './interactions.timeline.ts';
