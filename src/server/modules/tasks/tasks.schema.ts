import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { users } from '../users/users.schema.ts';

/**
 * Tasks: something somebody has to do, by a time, perhaps about a customer or another record. A reminder is
 * a due row (`remind_at` set, `reminded_at` empty) that the reminder sweep claims under a row lock, so two
 * server instances never send it twice (ADR 0006). A contact's hard erase takes its tasks with it.
 */
export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    description: text('description'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    remindAt: timestamp('remind_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    priority: text('priority').notNull().default('normal'),
    status: text('status').notNull().default('open'),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    /** Another record the task concerns (an interaction, an event, later a deal or ticket). */
    linkType: text('link_type'),
    linkId: uuid('link_id'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedById: uuid('completed_by_id'),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedById: uuid('deleted_by_id'),
  },
  (t) => {
    const live = sql`${t.deletedAt} is null`;
    const open = sql`${t.deletedAt} is null and ${t.status} in ('open', 'in_progress')`;
    return [
      // My tasks / team tasks / overdue / today: open tasks of some assignees by due time.
      index('tasks_assignee_due_idx').on(t.assigneeId, t.dueAt, t.id).where(open),
      index('tasks_due_idx').on(t.dueAt, t.id).where(open),
      index('tasks_assignee_created_idx').on(t.assigneeId, t.createdAt.desc(), t.id.desc()).where(live),
      index('tasks_created_idx').on(t.createdAt.desc(), t.id.desc()).where(live),
      index('tasks_contact_idx').on(t.contactId, t.createdAt.desc(), t.id.desc()).where(live),
      index('tasks_company_idx').on(t.companyId, t.createdAt.desc(), t.id.desc()).where(live),
      index('tasks_link_idx').on(t.linkType, t.linkId).where(live),
      // The reminder sweep's queue: only reminders not sent yet.
      index('tasks_reminder_idx')
        .on(t.remindAt)
        .where(sql`${t.remindAt} is not null and ${t.remindedAt} is null and ${t.deletedAt} is null`),
      index('tasks_deleted_idx').on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
    ];
  },
);
