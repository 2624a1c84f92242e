export { interactionsRoutes } from './interactions.routes.ts';
export { interactions } from './interactions.schema.ts';
export {
  createInteraction,
  getInteraction,
  type InteractionRow,
  interactionSelection,
  purgeInteractionRecycleBin,
  toInteractionDto,
} from './interactions.service.ts';
