import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idParams } from '../../../shared/common.ts';
import {
  apiKeyDto,
  createApiKeyInput,
  createdApiKeyDto,
  createTeamInput,
  createUserInput,
  loginInput,
  resetPasswordInput,
  sessionDto,
  setupInput,
  setupStatus,
  teamDto,
  updateMeInput,
  updateTeamInput,
  updateUserInput,
  userDto,
} from '../../../shared/users.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.ts';
import { createTeam, deleteTeam, listTeams, updateTeam } from './teams.service.ts';
import {
  authenticate,
  countUsers,
  createUser,
  getUser,
  listUsers,
  resetPassword,
  setupFirstAdmin,
  updateMe,
  updateUser,
} from './users.service.ts';

const tags = ['Users & access'];
const admin = { role: 'admin' } as const;

async function startSession(req: FastifyRequest, reply: FastifyReply, userId: string, database: Database) {
  await req.session.regenerate();
  req.session.set('userId', userId);
  const csrfToken = reply.generateCsrf();
  return { user: await getUser({ db: database.db }, userId), csrfToken };
}

export function usersRoutes(app: App, database: Database, config: Config) {
  app.get(
    '/setup',
    {
      config: { policy: 'public' },
      schema: {
        tags,
        summary: 'Whether the first admin must still be created',
        response: { 200: setupStatus },
      },
    },
    async () => ({
      needsSetup: (await countUsers(database.db)) === 0,
    }),
  );

  app.post(
    '/setup',
    {
      config: { policy: 'public', startsSession: true },
      schema: {
        tags,
        summary: 'Create the first admin (only while no user exists) and log in',
        body: setupInput,
        response: { 201: sessionDto },
      },
    },
    async (req, reply) => {
      const user = await setupFirstAdmin(database.db, req.body);
      return reply.code(201).send(await startSession(req, reply, user.id, database));
    },
  );

  app.post(
    '/auth/login',
    {
      config: { policy: 'public', startsSession: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Log in with e-mail and password; sets the session cookie',
        body: loginInput,
        response: { 200: sessionDto },
      },
    },
    async (req, reply) => {
      const userId = await authenticate(database.db, config, req.body.email, req.body.password);
      return startSession(req, reply, userId, database);
    },
  );

  app.post(
    '/auth/logout',
    { config: { policy: 'public' }, schema: { tags, summary: 'End the session' } },
    async (req, reply) => {
      if (req.session?.userId) await req.session.destroy();
      return reply.code(204).send();
    },
  );

  app.get(
    '/auth/me',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'The current user and a CSRF token', response: { 200: sessionDto } },
    },
    async (req, reply) => {
      if (req.principal?.via !== 'session') {
        throw new AppError('session_required', {
          status: 400,
          detail: 'Only a browser session has a CSRF token; API keys need none.',
        });
      }
      return { user: await getUser(req.ctx, req.ctx.user.id), csrfToken: reply.generateCsrf() };
    },
  );

  app.patch(
    '/auth/me',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Change your own name or language',
        body: updateMeInput,
        response: { 200: userDto },
      },
    },
    (req) => updateMe(req.ctx, req.body),
  );

  app.get(
    '/users',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'List users', response: { 200: z.object({ data: z.array(userDto) }) } },
    },
    async (req) => ({
      data: await listUsers(req.ctx),
    }),
  );
  app.get(
    '/users/:id',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'Get a user', params: idParams, response: { 200: userDto } },
    },
    (req) => getUser(req.ctx, req.params.id),
  );
  app.post(
    '/users',
    {
      config: { policy: admin },
      schema: { tags, summary: 'Create a user', body: createUserInput, response: { 201: userDto } },
    },
    async (req, reply) => reply.code(201).send(await createUser(req.ctx, req.body)),
  );
  app.patch(
    '/users/:id',
    {
      config: { policy: admin },
      schema: {
        tags,
        summary: 'Change role, name, teams or deactivate',
        params: idParams,
        body: updateUserInput,
        response: { 200: userDto },
      },
    },
    (req) => updateUser(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/users/:id/password',
    {
      config: { policy: admin },
      schema: {
        tags,
        summary: 'Set a new password (admin reset); unlocks and logs the user out',
        params: idParams,
        body: resetPasswordInput,
      },
    },
    async (req, reply) => {
      await resetPassword(req.ctx, req.params.id, req.body.password);
      return reply.code(204).send();
    },
  );

  app.get(
    '/teams',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'List teams with their members',
        response: { 200: z.object({ data: z.array(teamDto) }) },
      },
    },
    async (req) => ({ data: await listTeams(req.ctx) }),
  );
  app.post(
    '/teams',
    {
      config: { policy: admin },
      schema: { tags, summary: 'Create a team', body: createTeamInput, response: { 201: teamDto } },
    },
    async (req, reply) => reply.code(201).send(await createTeam(req.ctx, req.body)),
  );
  app.patch(
    '/teams/:id',
    {
      config: { policy: admin },
      schema: {
        tags,
        summary: 'Rename a team or set its members',
        params: idParams,
        body: updateTeamInput,
        response: { 200: teamDto },
      },
    },
    (req) => updateTeam(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/teams/:id',
    { config: { policy: admin }, schema: { tags, summary: 'Delete a team', params: idParams } },
    async (req, reply) => {
      await deleteTeam(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api-keys',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Your API keys (admins: ?all=true for everyone’s)',
        querystring: z.object({ all: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ data: z.array(apiKeyDto) }) },
      },
    },
    async (req) => ({ data: await listApiKeys(req.ctx, req.query.all === 'true') }),
  );
  app.post(
    '/api-keys',
    {
      config: { policy: { role: 'agent' } },
      schema: {
        tags,
        summary: 'Create an API key for yourself; the key is shown only in this response',
        body: createApiKeyInput,
        response: { 201: createdApiKeyDto },
      },
    },
    async (req, reply) => reply.code(201).send(await createApiKey(req.ctx, req.ctx.user.id, req.body.name)),
  );
  app.delete(
    '/api-keys/:id',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'Revoke an API key', params: idParams, response: { 200: apiKeyDto } },
    },
    (req) => revokeApiKey(req.ctx, req.params.id),
  );
}
