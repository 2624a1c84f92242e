// Wiring stub: the events (calendar) module fills these in.
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { App } from '../../http/types.ts';
import type { Sweep } from '../jobs/index.ts';

export function eventsRoutes(_app: App, _database: Database, _config: Config) {}
export const eventReminderSweep: Sweep = { name: 'event-reminders', run: async () => 0 };
