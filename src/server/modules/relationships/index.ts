export { relationshipsRoutes } from './relationships.routes.ts';
export { getRelationship, listStayInTouch } from './relationships.service.ts';
export { type RelationshipFacts, suggestStage } from './rules.ts';
