import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { calendarFeedDto, createdCalendarFeed } from '../../../shared/events.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { systemCtx } from '../../http/context.ts';
import type { App } from '../../http/types.ts';
import {
  createCalendarFeed,
  getCalendarFeed,
  renderFeed,
  revokeCalendarFeed,
} from './calendar-feed.service.ts';

const tags = ['Calendar'];

/** The feed's address as the caller reached this server (behind a proxy: with RAPPORT_TRUST_PROXY). */
function feedUrls(req: FastifyRequest, token: string) {
  const path = `/api/v1/calendar-feed/${token}.ics`;
  return { url: `${req.protocol}://${req.host}${path}`, webcalUrl: `webcal://${req.host}${path}` };
}

export function calendarFeedRoutes(app: App, database: Database, config: Config) {
  app.get(
    '/calendar-feed',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'My calendar subscription (without its address)',
        response: { 200: calendarFeedDto },
      },
    },
    (req) => getCalendarFeed(req.ctx),
  );

  app.post(
    '/calendar-feed',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Create or replace my calendar subscription address',
        description:
          'Answers the address (`url`, and `webcalUrl` for Apple Calendar) this once: only a hash of its secret is kept. A previous address stops working at once. Subscribe to it in Outlook, Google or Apple Calendar.',
        response: { 201: createdCalendarFeed },
      },
    },
    async (req, reply) => {
      const { feed, token } = await createCalendarFeed(req.ctx);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ ...feed, ...feedUrls(req, token) });
    },
  );

  app.delete(
    '/calendar-feed',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'Revoke my calendar subscription address' },
    },
    async (req, reply) => {
      await revokeCalendarFeed(req.ctx);
      return reply.code(204).send();
    },
  );

  app.get(
    '/calendar-feed/:token.ics',
    {
      // Authenticated by the secret in the address instead (calendar apps send no credentials).
      config: { policy: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'A user’s calendar as an iCalendar feed (subscription address)',
        description:
          'The owner’s events from 90 days back to a year ahead as `text/calendar`. An unknown, replaced or revoked address — or one of a deactivated user — answers 404.',
        params: z.object({ token: z.string().max(100) }),
        security: [],
      },
    },
    async (req, reply) => {
      const body = await renderFeed(systemCtx(database, config, req.log), req.params.token);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-cache')
        .header('x-robots-tag', 'noindex')
        .header('content-disposition', 'inline; filename="rapport.ics"')
        .send(body);
    },
  );
}
