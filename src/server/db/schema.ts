// Every table, for drizzle-kit and typed queries. Each module owns its own <module>.schema.ts.
export * from '../modules/companies/companies.schema.ts';
export * from '../modules/contacts/contacts.schema.ts';
export * from '../modules/custom-fields/custom-fields.schema.ts';
export * from '../modules/events/events.schema.ts';
export * from '../modules/history/history.schema.ts';
export * from '../modules/interactions/ingest-sources.schema.ts';
export * from '../modules/interactions/interactions.schema.ts';
export * from '../modules/journey/journey.schema.ts';
export * from '../modules/notes/notes.schema.ts';
export * from '../modules/notifications/notifications.schema.ts';
export * from '../modules/records/records.schema.ts';
export * from '../modules/system/system.schema.ts';
export * from '../modules/tasks/tasks.schema.ts';
export * from '../modules/users/users.schema.ts';
export * from '../modules/views/views.schema.ts';
