export { audit } from './audit.ts';
export { appSettings, auditLog, idempotencyKeys } from './system.schema.ts';
