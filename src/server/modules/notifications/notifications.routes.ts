import { z } from 'zod';
import { idParams } from '../../../shared/common.ts';
import { notificationList, notificationQuery } from '../../../shared/notifications.ts';
import type { App } from '../../http/types.ts';
import { listNotifications, markAllRead, markRead } from './notifications.service.ts';

const tags = ['Notifications'];

export function notificationsRoutes(app: App) {
  app.get(
    '/notifications',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'My notifications, newest first, with the unread count',
        querystring: notificationQuery,
        response: { 200: notificationList },
      },
    },
    (req) => listNotifications(req.ctx, req.query),
  );

  app.post(
    '/notifications/:id/read',
    {
      config: { policy: 'authenticated' },
      schema: { tags, summary: 'Mark one of my notifications read', params: idParams },
    },
    async (req, reply) => {
      await markRead(req.ctx, req.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/notifications/read-all',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Mark all my notifications read',
        response: { 200: z.object({ marked: z.number().int() }) },
      },
    },
    async (req) => ({ marked: await markAllRead(req.ctx) }),
  );
}
