import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { App } from '../http/types.ts';
import { analyticsRoutes, scoringJob, scoringSweep } from './analytics/index.ts';
import { backupRoutes } from './backup/index.ts';
import { companiesRoutes } from './companies/index.ts';
import { contactsRoutes } from './contacts/index.ts';
import { customFieldsRoutes } from './custom-fields/index.ts';
import { dealsRoutes, dealTimelineSource } from './deals/index.ts';
import { eventReminderSweep, eventsRoutes } from './events/index.ts';
import { exportJobHandler, exportsRoutes } from './exports/index.ts';
import { filesRoutes } from './files/index.ts';
import { gdprRoutes } from './gdpr/index.ts';
import { changeTimelineSource } from './history/index.ts';
import { importJob, importsRoutes } from './imports/index.ts';
import { ingestSourcesRoutes, interactionsRoutes, interactionTimelineSource } from './interactions/index.ts';
import { invoicesRoutes, invoiceTimelineSource, paymentTimelineSource } from './invoices/index.ts';
import type { JobHandler, Sweep } from './jobs/index.ts';
import { journeyRoutes, journeySweep } from './journey/index.ts';
import { leadScoringSweep, leadsPublicRoutes, leadsRoutes } from './leads/index.ts';
import { mailRoutes, mailSweep } from './mail/index.ts';
import { duplicatesRefreshJob, duplicatesSweep, mergeRoutes } from './merge/index.ts';
import { notesRoutes, noteTimelineSource } from './notes/index.ts';
import { notificationsRoutes } from './notifications/index.ts';
import { ordersRoutes, orderTimelineSource } from './orders/index.ts';
import { productsRoutes } from './products/index.ts';
import { quoteExpirySweep, quotesRoutes } from './quotes/index.ts';
import { relationshipsRoutes } from './relationships/index.ts';
import { salesSettingsRoutes } from './sales/index.ts';
import { searchRoutes } from './search/index.ts';
import { testClockRoutes } from './system/index.ts';
import { taskReminderSweep, tasksRoutes, taskTimelineSource } from './tasks/index.ts';
import { timelineRoutes } from './timeline/index.ts';
import { usersRoutes } from './users/index.ts';
import { viewsRoutes } from './views/index.ts';

/** Every module's routes, under /api/v1. */
export function registerModules(app: App, { config, database }: { config: Config; database: Database }) {
  usersRoutes(app, database, config);
  contactsRoutes(app);
  companiesRoutes(app);
  customFieldsRoutes(app);
  interactionsRoutes(app);
  ingestSourcesRoutes(app, database, config);
  notesRoutes(app);
  journeyRoutes(app);
  relationshipsRoutes(app);
  notificationsRoutes(app);
  tasksRoutes(app);
  eventsRoutes(app, database, config);
  mailRoutes(app);
  salesSettingsRoutes(app);
  productsRoutes(app);
  leadsRoutes(app);
  leadsPublicRoutes(app, database, config);
  dealsRoutes(app);
  quotesRoutes(app, database, config);
  ordersRoutes(app);
  invoicesRoutes(app);
  // The timeline's kinds: each module that has something to show on a customer's timeline adds its source.
  timelineRoutes(app, [
    interactionTimelineSource,
    noteTimelineSource,
    changeTimelineSource,
    taskTimelineSource,
    orderTimelineSource,
    dealTimelineSource,
    invoiceTimelineSource,
    paymentTimelineSource,
  ]);
  filesRoutes(app);
  importsRoutes(app);
  exportsRoutes(app);
  viewsRoutes(app);
  searchRoutes(app);
  mergeRoutes(app);
  analyticsRoutes(app);
  backupRoutes(app);
  gdprRoutes(app);
  testClockRoutes(app, config);
}

/** Every module's due-work sweeps (reminders), run on a timer by `main.ts` (ADR 0006). */
export const sweeps: Sweep[] = [
  taskReminderSweep,
  eventReminderSweep,
  journeySweep,
  mailSweep,
  quoteExpirySweep,
  leadScoringSweep,
  duplicatesSweep,
  scoringSweep,
];

/** Every module's background job kinds (imports, exports), run by the job worker of `main.ts` (ADR 0010). */
export const jobHandlers: JobHandler[] = [exportJobHandler, importJob, duplicatesRefreshJob, scoringJob];
