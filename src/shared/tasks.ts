import { z } from 'zod';
import { listEnvelope, nullableText } from './common.ts';
import type { FieldMeta } from './filters.ts';
import { listQuery } from './filters.ts';

/**
 * A task: something somebody has to do, by a time, perhaps about a customer or another record, with an
 * optional reminder that reaches the assignee's notification centre when it falls due.
 */
export const taskPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof taskPriorities)[number];
export const taskStatuses = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
/** Statuses of work still to do (the ones the task views and the due-time indexes cover). */
export const openTaskStatuses = ['open', 'in_progress'] as const;
/** Records a task can concern besides its contact and company; each is checked to exist. */
export const taskLinkTypes = ['interaction', 'event'] as const;
export type TaskLinkType = (typeof taskLinkTypes)[number];

/** The named lists of the tasks page. `today` needs the bounds of the caller's day (`from`, `to`). */
export const taskViews = ['mine', 'team', 'overdue', 'today', 'open', 'done'] as const;
export type TaskView = (typeof taskViews)[number];
/** Whose tasks a view shows: the caller's, those of the caller's teams (the caller included), or everyone's. */
export const taskScopes = ['mine', 'team', 'all'] as const;
export type TaskScope = (typeof taskScopes)[number];

export const TASK_TITLE_MAX = 300;
export const TASK_DESCRIPTION_MAX = 10_000;
/** A reminder at most four weeks before the due time (the form offers 15 min, 1 h, 1 day). */
export const REMIND_BEFORE_MAX_MINUTES = 4 * 7 * 24 * 60;

const dateTime = z.iso.datetime({
  offset: true,
  message: 'Use an ISO 8601 date-time, e.g. 2026-11-23T09:30:00Z',
});

const writable = {
  title: z.string().trim().min(1, 'Give the task a title').max(TASK_TITLE_MAX),
  /** Plain text. */
  description: nullableText(TASK_DESCRIPTION_MAX),
  dueAt: dateTime.nullable(),
  /** When the assignee is reminded. A time already past reminds at once (at the next sweep), once. */
  remindAt: dateTime.nullable(),
  priority: z.enum(taskPriorities),
  status: z.enum(taskStatuses),
  assigneeId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  linkType: z.enum(taskLinkTypes).nullable(),
  linkId: z.uuid().nullable(),
};

/** Instead of `remindAt`: minutes before the due time (0 = at the due time). */
const remindBefore = z.number().int().min(0).max(REMIND_BEFORE_MAX_MINUTES).optional();

type LinkAndReminder = {
  linkType?: string | null;
  linkId?: string | null;
  remindAt?: string | null;
  remindBefore?: number;
};
/** `linkType` and `linkId` come together: both set, both null, or (in a change) both left out. */
const linkComplete = (t: LinkAndReminder) => {
  if (t.linkType === undefined && t.linkId === undefined) return true;
  if (t.linkType === undefined || t.linkId === undefined) return false;
  return (t.linkType === null) === (t.linkId === null);
};
const oneReminder = (t: LinkAndReminder) => !(t.remindBefore !== undefined && t.remindAt !== undefined);

export const createTaskInput = z
  .object({
    ...writable,
    description: writable.description.optional(),
    dueAt: writable.dueAt.optional(),
    remindAt: writable.remindAt.optional(),
    remindBefore,
    priority: writable.priority.default('normal'),
    status: writable.status.default('open'),
    /** Whose task it is; the creator's when left out, nobody's with `null`. */
    assigneeId: writable.assigneeId.optional(),
    contactId: writable.contactId.optional(),
    companyId: writable.companyId.optional(),
    linkType: writable.linkType.optional(),
    linkId: writable.linkId.optional(),
  })
  .strict()
  .refine(linkComplete, { message: 'Give linkType and linkId together', path: ['linkId'] })
  .refine(oneReminder, { message: 'Give remindAt or remindBefore, not both', path: ['remindBefore'] })
  .meta({ id: 'CreateTask' });
export type CreateTaskInput = z.infer<typeof createTaskInput>;

export const updateTaskInput = z
  .object({ ...writable, remindBefore })
  .partial()
  .strict()
  .refine(linkComplete, { message: 'Give linkType and linkId together', path: ['linkId'] })
  .refine(oneReminder, { message: 'Give remindAt or remindBefore, not both', path: ['remindBefore'] })
  .meta({ id: 'UpdateTask' });
export type UpdateTaskInput = z.infer<typeof updateTaskInput>;

export const taskDto = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    dueAt: z.string().nullable(),
    remindAt: z.string().nullable(),
    /** When the reminder went out; null while it is pending (or when there is none). */
    remindedAt: z.string().nullable(),
    priority: z.enum(taskPriorities),
    status: z.enum(taskStatuses),
    assigneeId: z.uuid().nullable(),
    assigneeName: z.string().nullable(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    companyId: z.uuid().nullable(),
    companyName: z.string().nullable(),
    linkType: z.enum(taskLinkTypes).nullable(),
    linkId: z.uuid().nullable(),
    completedAt: z.string().nullable(),
    completedById: z.uuid().nullable(),
    createdById: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.string().nullable(),
  })
  .meta({ id: 'Task' });
export type TaskDto = z.infer<typeof taskDto>;
export const taskList = listEnvelope(taskDto);

/**
 * `GET /tasks`: the generic list (filters, sort, keyset cursor) plus a named view. `from` and `to` are the
 * bounds of the caller's day in their own time zone, for `view=today`.
 */
export const taskListQuery = listQuery
  .extend({
    view: z.enum(taskViews).optional(),
    scope: z.enum(taskScopes).optional(),
    from: dateTime.optional(),
    to: dateTime.optional(),
  })
  .refine((q) => q.view !== 'today' || (q.from && q.to), {
    message: 'view=today needs from and to (the bounds of your day)',
    path: ['from'],
  })
  .refine((q) => !(q.from && q.to) || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['to'],
  });
export type TaskListQuery = z.infer<typeof taskListQuery>;

/** How many open tasks the caller has in each view (the badges of the tasks page). */
export const taskSummaryQuery = z.object({ from: dateTime, to: dateTime }).strict();
export const taskSummary = z
  .object({
    mine: z.number().int(),
    team: z.number().int(),
    overdue: z.number().int(),
    today: z.number().int(),
    /** Counting stops here: a badge shows "999+". */
    cap: z.number().int(),
  })
  .meta({ id: 'TaskSummary' });
export type TaskSummary = z.infer<typeof taskSummary>;

/** Fields a list of tasks can filter and sort on. */
export const taskFields: Record<string, FieldMeta> = {
  title: { type: 'text', sortable: true },
  status: { type: 'enum', sortable: false, options: taskStatuses },
  priority: { type: 'enum', sortable: true, options: taskPriorities },
  dueAt: { type: 'datetime', sortable: true },
  remindAt: { type: 'datetime', sortable: false },
  assigneeId: { type: 'uuid', sortable: false },
  contactId: { type: 'uuid', sortable: false },
  companyId: { type: 'uuid', sortable: false },
  linkType: { type: 'enum', sortable: false, options: taskLinkTypes },
  linkId: { type: 'uuid', sortable: false },
  createdById: { type: 'uuid', sortable: false },
  completedAt: { type: 'datetime', sortable: true },
  createdAt: { type: 'datetime', sortable: true },
  updatedAt: { type: 'datetime', sortable: true },
};
