export { notificationsRoutes } from './notifications.routes.ts';
export { notifications } from './notifications.schema.ts';
export { forgetNotificationsAbout, type NewNotification, notify } from './notifications.service.ts';
