export { createApiKey } from './api-keys.service.ts';
export { purgeExpiredSessions } from './session-store.ts';
export { createTeam } from './teams.service.ts';
export { usersRoutes } from './users.routes.ts';
export { createUser, findUserByEmail, loadPrincipal } from './users.service.ts';
