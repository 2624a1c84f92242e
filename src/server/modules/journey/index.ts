export { JOURNEY_WINDOW, journeySweep, refreshJourneys } from './journey.refresh.ts';
export { journeyRoutes } from './journey.routes.ts';
