import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { App } from '../../http/types.ts';
import { calendarFeedRoutes } from './calendar-feed.routes.ts';
import { eventsRoutes as eventRecordRoutes } from './events.routes.ts';

export { organizersOf } from './calendar-feed.service.ts';
export { eraseEventsOf } from './events.erase.ts';
export { toIcs } from './events.ics.ts';
export { listEvents } from './events.list.ts';
export { eventReminderSweep } from './events.reminders.ts';
export { calendarFeeds, eventAttendees, events } from './events.schema.ts';
export { purgeEventRecycleBin } from './events.service.ts';

/** The calendar: `/events` (views, ICS export and import, outcomes) and the per-user ICS feed. */
export function eventsRoutes(app: App, database: Database, config: Config) {
  eventRecordRoutes(app);
  calendarFeedRoutes(app, database, config);
}
