import { z } from 'zod';
import { idParams, listCount } from '../../../shared/common.ts';
import { historyList, historyQuery } from '../../../shared/history.ts';
import {
  createTaskInput,
  taskDto,
  taskList,
  taskListQuery,
  taskSummary,
  taskSummaryQuery,
  updateTaskInput,
} from '../../../shared/tasks.ts';
import type { App } from '../../http/types.ts';
import { listHistory } from '../history/index.ts';
import { ifMatchHeader, parseIfMatch } from '../records/index.ts';
import { countTasks, listTasks, summarizeTasks } from './tasks.list.ts';
import { createTask, deleteTask, getTask, restoreTask, updateTask } from './tasks.service.ts';

const tags = ['Tasks'];
const agent = { role: 'agent' } as const;

export function tasksRoutes(app: App) {
  app.get(
    '/tasks',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'List tasks',
        description:
          'A named `view`: `mine` (my open tasks), `team` (open tasks of everyone in my teams), `overdue` (mine, due before now), `today` (mine, due between `from` and `to`: send the bounds of your day in your time zone), `open` (everyone’s), `done` (mine, latest completed first). Open views come soonest due first, tasks without a due time last. `scope=mine|team|all` widens or narrows whose tasks a view shows. Filter like the other lists (`contactId=…`, `companyId=…`, `priority[in]=high,urgent`, `dueAt[lt]=…`); keyset-paginated with `cursor`. Without a view: every live task, newest first; `deleted=only` lists the recycle bin.',
        querystring: taskListQuery,
        response: { 200: taskList },
      },
    },
    (req) => listTasks(req.ctx, req.query),
  );

  app.get(
    '/tasks/count',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Count tasks matching a list request',
        querystring: taskListQuery,
        response: { 200: listCount },
      },
    },
    (req) => countTasks(req.ctx, req.query),
  );

  app.get(
    '/tasks/summary',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'How many open tasks I have in each view',
        description: '`from` and `to` are the bounds of your day (for `today`). Counts stop at `cap` + 1.',
        querystring: taskSummaryQuery,
        response: { 200: taskSummary },
      },
    },
    (req) => summarizeTasks(req.ctx, req.query),
  );

  app.post(
    '/tasks',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Create a task',
        description:
          'Assigned to you unless `assigneeId` says otherwise (yourself or a teammate; anyone for admins); the assignee is notified. With a contact, the contact’s company is filled in. `remindAt` (or `remindBefore`, minutes before `dueAt`) sends a reminder to the assignee’s notification centre; a time already past reminds at once. Send `Idempotency-Key` to make retries safe.',
        body: createTaskInput,
        response: { 201: taskDto },
      },
    },
    async (req, reply) => {
      const created = await createTask(req.ctx, req.body);
      return reply
        .code(201)
        .header('etag', `"${created.version}"`)
        .header('location', `/api/v1/tasks/${created.id}`)
        .send(created);
    },
  );

  app.get(
    '/tasks/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Get a task',
        params: idParams,
        querystring: z.object({ includeDeleted: z.enum(['true', 'false']).optional() }),
        response: { 200: taskDto },
      },
    },
    async (req, reply) => {
      const found = await getTask(req.ctx, req.params.id, {
        includeDeleted: req.query.includeDeleted === 'true',
      });
      return reply.header('etag', `"${found.version}"`).send(found);
    },
  );

  app.patch(
    '/tasks/:id',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Change a task (complete it with `{"status":"done"}`)',
        description:
          'Its assignee (or an admin, or a manager or agent of the assignee’s team; anyone for unassigned tasks) may change it. Send `If-Match: "<version>"`; a stale version answers 412. A new `remindAt` is a new reminder, sent even if the old one was; moving `dueAt` moves the reminder with it.',
        params: idParams,
        headers: ifMatchHeader,
        body: updateTaskInput,
        response: { 200: taskDto },
      },
    },
    async (req, reply) => {
      const updated = await updateTask(
        req.ctx,
        req.params.id,
        req.body,
        parseIfMatch(req.headers['if-match']),
      );
      return reply.header('etag', `"${updated.version}"`).send(updated);
    },
  );

  app.delete(
    '/tasks/:id',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Move a task to the recycle bin',
        params: idParams,
        headers: ifMatchHeader,
      },
    },
    async (req, reply) => {
      await deleteTask(req.ctx, req.params.id, parseIfMatch(req.headers['if-match']));
      return reply.code(204).send();
    },
  );

  app.post(
    '/tasks/:id/restore',
    {
      config: { policy: agent },
      schema: {
        tags,
        summary: 'Restore a task from the recycle bin (within 30 days)',
        params: idParams,
        response: { 200: taskDto },
      },
    },
    (req) => restoreTask(req.ctx, req.params.id),
  );

  app.get(
    '/tasks/:id/history',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags,
        summary: 'Field-level history of a task, newest first',
        params: idParams,
        querystring: historyQuery,
        response: { 200: historyList },
      },
    },
    async (req) => {
      await getTask(req.ctx, req.params.id, { includeDeleted: true });
      return listHistory(req.ctx, 'task', req.params.id, req.query.limit, req.query.cursor);
    },
  );
}
