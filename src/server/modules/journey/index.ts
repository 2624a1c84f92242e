export { journeyRoutes } from './journey.routes.ts';
