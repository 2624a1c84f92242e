import { z } from 'zod';

/** What a user is told about in the notification centre; later modules add kinds. */
export const notificationKinds = ['mention', 'reminder', 'assignment', 'churn_risk'] as const;
export const notificationLinkTypes = ['contact', 'company', 'interaction', 'note', 'task', 'event'] as const;

export const notificationDto = z
  .object({
    id: z.uuid(),
    kind: z.enum(notificationKinds),
    title: z.string(),
    body: z.string().nullable(),
    linkType: z.enum(notificationLinkTypes).nullable(),
    linkId: z.uuid().nullable(),
    actorId: z.uuid().nullable(),
    actorName: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });
export type NotificationDto = z.infer<typeof notificationDto>;
export const notificationList = z.object({
  data: z.array(notificationDto),
  nextCursor: z.string().nullable(),
  unread: z.number().int(),
});
export const notificationQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(200).optional(),
});
