export { audit } from './audit.ts';
export { appSettings, auditLog, idempotencyKeys } from './system.schema.ts';
export { testClockRoutes } from './test-clock.routes.ts';
