import { and, asc, inArray, isNull, lte } from 'drizzle-orm';
import type { Ctx } from '../../http/context.ts';
import type { Sweep } from '../jobs/index.ts';
import { type NewNotification, notify } from '../notifications/index.ts';
import { users } from '../users/users.schema.ts';
import { tasks } from './tasks.schema.ts';
import { loadTasks } from './tasks.service.ts';

/** Reminders claimed per transaction, and transactions per sweep (a backlog after downtime drains in a few). */
export const REMINDER_BATCH = 500;
const MAX_BATCHES = 20;

const stillToDo = new Set(['open', 'in_progress']);

/**
 * One batch: claim due reminders under a row lock (`FOR UPDATE SKIP LOCKED`: another instance sweeping at
 * the same moment takes other rows or none), notify, and mark them sent in the same transaction. A crash
 * before the commit leaves them due for the next sweep; the notification's dedupe key makes even a
 * repeated attempt notify once. Reminders of tasks already done or cancelled are marked without a word.
 */
async function remindBatch(ctx: Ctx, now: Date): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const claimed = await tx
      .select({
        id: tasks.id,
        remindAt: tasks.remindAt,
        status: tasks.status,
        assigneeId: tasks.assigneeId,
        createdById: tasks.createdById,
      })
      .from(tasks)
      .where(and(lte(tasks.remindAt, now), isNull(tasks.remindedAt), isNull(tasks.deletedAt)))
      .orderBy(asc(tasks.remindAt))
      .limit(REMINDER_BATCH)
      .for('update', { skipLocked: true });
    if (!claimed.length) return 0;
    const due = claimed.filter((r) => stillToDo.has(r.status));
    // Whose reminder: the assignee's, or the creator's when nobody is assigned (if they still exist).
    const recipientOf = (r: (typeof claimed)[number]) => r.assigneeId ?? r.createdById;
    const wanted = [...new Set(due.map(recipientOf).filter((id): id is string => Boolean(id)))];
    const existing = wanted.length
      ? new Set(
          (await tx.select({ id: users.id }).from(users).where(inArray(users.id, wanted))).map((u) => u.id),
        )
      : new Set<string>();
    const details = new Map(
      (
        await loadTasks(
          tx,
          due.map((r) => r.id),
        )
      ).map((r) => [r.id, r]),
    );
    const items: NewNotification[] = [];
    for (const r of due) {
      const userId = recipientOf(r);
      const task = details.get(r.id);
      if (!userId || !existing.has(userId) || !task) continue;
      items.push({
        userId,
        kind: 'reminder',
        title: task.title,
        body: [task.contactName, task.companyName].filter(Boolean).join(' · ') || null,
        linkType: 'task',
        linkId: task.id,
        dedupeKey: `task-reminder:${task.id}:${r.remindAt!.toISOString()}`,
      });
    }
    await notify(tx, items);
    await tx
      .update(tasks)
      .set({ remindedAt: now })
      .where(
        inArray(
          tasks.id,
          claimed.map((r) => r.id),
        ),
      );
    return claimed.length;
  });
}

/** Sends every task reminder that is due by the app's clock, including those that fell due while it was down. */
export async function sendDueReminders(ctx: Ctx): Promise<number> {
  const now = ctx.now();
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const n = await remindBatch(ctx, now);
    total += n;
    if (n < REMINDER_BATCH) break;
  }
  return total;
}

export const taskReminderSweep: Sweep = { name: 'task-reminders', run: sendDueReminders };
