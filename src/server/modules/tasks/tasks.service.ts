import { and, eq, getTableColumns, inArray, isNotNull, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CreateTaskInput, TaskDto, TaskLinkType, UpdateTaskInput } from '../../../shared/tasks.ts';
import type { Executor } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { companies } from '../companies/companies.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { events } from '../events/events.schema.ts';
import { diff, eraseHistoryOf, recordHistoryEntry } from '../history/index.ts';
import { interactions } from '../interactions/interactions.schema.ts';
import { forgetNotificationsAbout, notify } from '../notifications/index.ts';
import {
  assertCanAssign,
  assertCanEdit,
  assertVersion,
  RECYCLE_BIN_DAYS,
  resolveCustomer,
} from '../records/index.ts';
import { audit } from '../system/index.ts';
import { users } from '../users/users.schema.ts';
import { taskHistoryFields } from './tasks.fields.ts';
import { tasks } from './tasks.schema.ts';

export type TaskRow = typeof tasks.$inferSelect & {
  assigneeName: string | null;
  contactName: string | null;
  companyName: string | null;
};

const assignee = alias(users, 'assignee');
const contactName = sql<
  string | null
>`nullif(trim(concat_ws(' ', ${contacts.firstName}, ${contacts.lastName})), '')`;
export const taskSelection = {
  ...getTableColumns(tasks),
  assigneeName: sql<string | null>`coalesce(nullif(${assignee.name}, ''), ${assignee.email})`,
  contactName,
  companyName: companies.name,
};

/** Tasks with the names of their assignee, contact and company (one query, whatever the page size). */
export const withNames = (db: Executor, extra: Record<string, SQL<string | null>> = {}) =>
  db
    .select({ ...taskSelection, ...extra })
    .from(tasks)
    .leftJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .leftJoin(contacts, eq(contacts.id, tasks.contactId))
    .leftJoin(companies, eq(companies.id, tasks.companyId));

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toTaskDto(r: TaskRow): TaskDto {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    dueAt: iso(r.dueAt),
    remindAt: iso(r.remindAt),
    remindedAt: iso(r.remindedAt),
    priority: r.priority as TaskDto['priority'],
    status: r.status as TaskDto['status'],
    assigneeId: r.assigneeId,
    assigneeName: r.assigneeName,
    contactId: r.contactId,
    contactName: r.contactName,
    companyId: r.companyId,
    companyName: r.companyName,
    linkType: r.linkType as TaskDto['linkType'],
    linkId: r.linkId,
    completedAt: iso(r.completedAt),
    completedById: r.completedById,
    createdById: r.createdById,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: iso(r.deletedAt),
  };
}

export async function loadTasks(db: Executor, ids: string[]): Promise<TaskRow[]> {
  if (!ids.length) return [];
  return (await withNames(db).where(inArray(tasks.id, ids))) as TaskRow[];
}

async function loadRow(db: Executor, id: string): Promise<TaskRow | undefined> {
  return (await loadTasks(db, [id]))[0];
}

export async function getTask(ctx: Ctx, id: string, opts: { includeDeleted?: boolean } = {}) {
  const row = await loadRow(ctx.db, id);
  if (!row || (row.deletedAt && !opts.includeDeleted)) throw notFound('task');
  return toTaskDto(row);
}

const actorId = (ctx: Ctx) => (ctx.user.via === 'system' ? null : ctx.user.id);

/** The shared owner rules, with the field this API calls it by. */
async function assertCanAssignTask(ctx: Ctx, assigneeId: string | null) {
  try {
    await assertCanAssign(ctx, assigneeId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'invalid_owner')
      throw new AppError('invalid_assignee', {
        status: err.status,
        detail: err.status === 403 ? 'You can assign tasks only to yourself or your teammates.' : undefined,
        errors: (err.errors ?? []).map((e) => ({ ...e, path: 'assigneeId' })),
      });
    throw err;
  }
}

/** The other record a task concerns must exist (and not be in the recycle bin); its customer comes along. */
async function resolveLink(db: Executor, type: TaskLinkType, id: string) {
  const table = type === 'interaction' ? interactions : events;
  const [row] = await db
    .select({ contactId: table.contactId, companyId: table.companyId })
    .from(table)
    .where(and(eq(table.id, id), isNull(table.deletedAt)));
  if (!row) throw invalid([{ path: 'linkId', message: `Unknown ${type}` }]);
  return row;
}

/** Contact and company, checked; a task may also be about nobody in particular. */
async function customerOf(
  db: Executor,
  contactId: string | null | undefined,
  companyId: string | null | undefined,
) {
  if (!contactId && !companyId) return { contactId: null, companyId: null };
  return resolveCustomer(db, contactId, companyId);
}

const minutesBefore = (due: Date, minutes: number) => new Date(due.getTime() - minutes * 60_000);
const needsDue = () => invalid([{ path: 'remindBefore', message: 'Give a due time to be reminded before' }]);

/** Tells the assignee about a task someone else gave them (not when they took it themselves). */
async function notifyAssignee(tx: Executor, ctx: Ctx, task: TaskRow) {
  if (!task.assigneeId || task.assigneeId === actorId(ctx)) return;
  await notify(tx, [
    {
      userId: task.assigneeId,
      kind: 'assignment',
      title: task.title,
      body: task.contactName ?? task.companyName,
      linkType: 'task',
      linkId: task.id,
      actorId: actorId(ctx),
      dedupeKey: `task-assignment:${task.id}:${task.version}`,
    },
  ]);
}

const historyOf = (row: TaskRow) => toTaskDto(row) as unknown as Record<string, unknown>;

export async function createTask(ctx: Ctx, input: CreateTaskInput): Promise<TaskDto> {
  const assigneeId = input.assigneeId === undefined ? actorId(ctx) : input.assigneeId;
  if (assigneeId !== actorId(ctx)) await assertCanAssignTask(ctx, assigneeId);
  const link =
    input.linkType && input.linkId ? await resolveLink(ctx.db, input.linkType, input.linkId) : null;
  const aboutSomeone = input.contactId || input.companyId;
  const customer = aboutSomeone
    ? await customerOf(ctx.db, input.contactId, input.companyId)
    : { contactId: link?.contactId ?? null, companyId: link?.companyId ?? null };
  const dueAt = input.dueAt ? new Date(input.dueAt) : null;
  let remindAt = input.remindAt ? new Date(input.remindAt) : null;
  if (input.remindBefore !== undefined) {
    if (!dueAt) throw needsDue();
    remindAt = minutesBefore(dueAt, input.remindBefore);
  }
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(tasks)
      .values({
        title: input.title,
        description: input.description ?? null,
        dueAt,
        remindAt,
        priority: input.priority,
        status: input.status,
        assigneeId,
        ...customer,
        linkType: input.linkType ?? null,
        linkId: input.linkId ?? null,
        completedAt: input.status === 'done' ? now : null,
        completedById: input.status === 'done' ? actorId(ctx) : null,
        createdById: actorId(ctx),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: tasks.id });
    const created = (await loadRow(tx, row!.id))!;
    await recordHistoryEntry(
      tx,
      ctx,
      'task',
      created.id,
      'create',
      diff({}, historyOf(created), taskHistoryFields),
    );
    await notifyAssignee(tx, ctx, created);
    return toTaskDto(created);
  });
}

/** The reminder after a change: given outright, relative to the (new) due time, or moved with the due time. */
function nextReminder(locked: typeof tasks.$inferSelect, input: UpdateTaskInput, dueAt: Date | null) {
  if (input.remindBefore !== undefined) {
    if (!dueAt) throw needsDue();
    return minutesBefore(dueAt, input.remindBefore);
  }
  if (input.remindAt !== undefined) return input.remindAt ? new Date(input.remindAt) : null;
  // The due time moved: a reminder keeps its distance to it ("1 day before" stays one day before).
  if (input.dueAt !== undefined && locked.dueAt && dueAt && locked.remindAt)
    return new Date(locked.remindAt.getTime() + (dueAt.getTime() - locked.dueAt.getTime()));
  return locked.remindAt;
}

export async function updateTask(
  ctx: Ctx,
  id: string,
  input: UpdateTaskInput,
  expectedVersion?: number,
): Promise<TaskDto> {
  return ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(tasks).where(eq(tasks.id, id)).for('update');
    if (!locked || locked.deletedAt) throw notFound('task');
    const txCtx = { ...ctx, db: tx };
    await assertCanEdit(txCtx, locked.assigneeId);
    assertVersion(locked.version, expectedVersion);
    const assigneeChanged = input.assigneeId !== undefined && input.assigneeId !== locked.assigneeId;
    if (assigneeChanged && input.assigneeId !== actorId(ctx))
      await assertCanAssignTask(txCtx, input.assigneeId ?? null);

    const linkChanged = input.linkType !== undefined;
    if (linkChanged && input.linkType && input.linkId) await resolveLink(tx, input.linkType, input.linkId);
    const customer =
      input.contactId !== undefined || input.companyId !== undefined
        ? await customerOf(
            tx,
            input.contactId === undefined ? locked.contactId : input.contactId,
            // A new contact brings its company unless one is given; dropping the contact keeps the company.
            input.companyId !== undefined ? input.companyId : input.contactId ? undefined : locked.companyId,
          )
        : { contactId: locked.contactId, companyId: locked.companyId };

    const dueAt = input.dueAt === undefined ? locked.dueAt : input.dueAt ? new Date(input.dueAt) : null;
    const remindAt = nextReminder(locked, input, dueAt);
    const reminderMoved = remindAt?.getTime() !== locked.remindAt?.getTime();
    const status = input.status ?? locked.status;
    const now = ctx.now();
    const completion =
      status === locked.status
        ? {}
        : status === 'done'
          ? { completedAt: now, completedById: actorId(ctx) }
          : { completedAt: null, completedById: null };
    const set = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.priority !== undefined ? { priority: input.priority } : {}),
      ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}),
      ...(linkChanged ? { linkType: input.linkType ?? null, linkId: input.linkId ?? null } : {}),
      ...customer,
      dueAt,
      remindAt,
      // A new reminder time is a new reminder: it goes out again, even if the old one did.
      ...(reminderMoved ? { remindedAt: null } : {}),
      status,
      ...completion,
    };
    const current = (await loadRow(tx, id))!;
    const before = historyOf(current);
    const proposed = { ...before, ...set, dueAt: iso(dueAt), remindAt: iso(remindAt) };
    if (diff(before, proposed, taskHistoryFields).length === 0) return toTaskDto(current);
    await tx
      .update(tasks)
      .set({ ...set, version: sql`${tasks.version} + 1`, updatedAt: now })
      .where(eq(tasks.id, id));
    const updated = (await loadRow(tx, id))!;
    await recordHistoryEntry(
      tx,
      ctx,
      'task',
      id,
      'update',
      diff(before, historyOf(updated), taskHistoryFields),
    );
    if (assigneeChanged) await notifyAssignee(tx, ctx, updated);
    return toTaskDto(updated);
  });
}

export async function deleteTask(ctx: Ctx, id: string, expectedVersion?: number) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(tasks).where(eq(tasks.id, id)).for('update');
    if (!row || row.deletedAt) throw notFound('task');
    await assertCanEdit({ ...ctx, db: tx }, row.assigneeId);
    assertVersion(row.version, expectedVersion);
    await tx
      .update(tasks)
      .set({ deletedAt: ctx.now(), deletedById: actorId(ctx), version: sql`${tasks.version} + 1` })
      .where(eq(tasks.id, id));
    await recordHistoryEntry(tx, ctx, 'task', id, 'delete', []);
  });
}

/** Back from the recycle bin; a reminder that fell due meanwhile goes out at the next sweep. */
export async function restoreTask(ctx: Ctx, id: string): Promise<TaskDto> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(tasks).where(eq(tasks.id, id)).for('update');
    if (!row?.deletedAt) throw notFound('task');
    await assertCanEdit({ ...ctx, db: tx }, row.assigneeId);
    await tx
      .update(tasks)
      .set({ deletedAt: null, deletedById: null, version: sql`${tasks.version} + 1`, updatedAt: ctx.now() })
      .where(eq(tasks.id, id));
    await recordHistoryEntry(tx, ctx, 'task', id, 'restore', []);
    return toTaskDto((await loadRow(tx, id))!);
  });
}

/** History and notifications of the tasks a condition selects: they quote what is being erased. */
async function forgetTasks(tx: Executor, where: SQL | undefined) {
  await eraseHistoryOf(tx, 'task', tx.select({ id: tasks.id }).from(tasks).where(where));
  const ids = (await tx.select({ id: tasks.id }).from(tasks).where(where)).map((r) => r.id);
  await forgetNotificationsAbout(tx, 'task', ids);
}

/** Tasks in the recycle bin longer than the retention period are erased for good. */
export async function purgeTaskRecycleBin(ctx: Ctx): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - RECYCLE_BIN_DAYS * 86_400_000);
  const expired = await ctx.db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(isNotNull(tasks.deletedAt), lt(tasks.deletedAt, cutoff)))
    .limit(1000);
  if (!expired.length) return 0;
  const ids = expired.map((r) => r.id);
  await ctx.db.transaction(async (tx) => {
    await forgetTasks(tx, inArray(tasks.id, ids));
    await tx.delete(tasks).where(inArray(tasks.id, ids));
    await audit({ db: tx, user: ctx.user }, 'task.purge', 'task', null, { count: ids.length });
  });
  return ids.length;
}

/**
 * For a hard erase of a contact or company (GDPR): the history of its tasks and the notifications about
 * them go, and so do the tasks that would be left about nobody (a contact's go by the foreign key; a
 * company's own ones, without a contact, here).
 */
export async function eraseTasksOf(tx: Executor, of: { contactIds: string[] } | { companyId: string }) {
  const mine =
    'contactIds' in of
      ? inArray(tasks.contactId, of.contactIds)
      : and(eq(tasks.companyId, of.companyId), isNull(tasks.contactId));
  await forgetTasks(tx, mine);
  if ('companyId' in of) await tx.delete(tasks).where(mine);
}
