export { createApiKey } from './api-keys.service.ts';
export { purgeExpiredSessions } from './session-store.ts';
export { usersRoutes } from './users.routes.ts';
export { createUser, findUserByEmail, loadPrincipal } from './users.service.ts';
