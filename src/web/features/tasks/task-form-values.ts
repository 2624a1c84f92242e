import dayjs from 'dayjs';
import type { TaskDto } from '../../../shared/tasks.ts';
import type { Customer } from './customer-picker.tsx';
import { type ReminderChoice, reminderChoiceOf, reminderPresets } from './task-time.ts';

/** The task form's state: date-times as the date pickers hold them (local, `YYYY-MM-DD HH:mm:ss`). */
export type TaskFormValues = {
  title: string;
  description: string;
  dueAt: string | null;
  reminder: ReminderChoice;
  remindAt: string | null;
  priority: TaskDto['priority'];
  status: TaskDto['status'];
  assigneeId: string | null;
  customer: Customer | null;
};

export const local = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : null);
export const toIso = (v: string | null) => (v ? dayjs(v).toISOString() : null);

export const fromTask = (t: TaskDto): TaskFormValues => ({
  title: t.title,
  description: t.description ?? '',
  dueAt: local(t.dueAt),
  reminder: reminderChoiceOf(t),
  remindAt: local(t.remindAt),
  priority: t.priority,
  status: t.status,
  assigneeId: t.assigneeId,
  customer: t.contactId
    ? { kind: 'contact', id: t.contactId, name: t.contactName ?? '…' }
    : t.companyId
      ? { kind: 'company', id: t.companyId, name: t.companyName ?? '…' }
      : null,
});

/** Quick due dates: later today, tomorrow morning, next Monday morning. */
export function quickDue(which: 'today' | 'tomorrow' | 'nextWeek'): string {
  const now = dayjs();
  if (which === 'today') {
    const five = now.hour(17).minute(0).second(0);
    return (now.isBefore(five) ? five : now.add(1, 'hour').minute(0).second(0)).format('YYYY-MM-DD HH:mm:ss');
  }
  if (which === 'tomorrow')
    return now.add(1, 'day').hour(9).minute(0).second(0).format('YYYY-MM-DD HH:mm:ss');
  const monday = now.add((8 - now.day()) % 7 || 7, 'day');
  return monday.hour(9).minute(0).second(0).format('YYYY-MM-DD HH:mm:ss');
}

/** The reminder part of a request body, as the API takes it. */
export function reminderBody(v: TaskFormValues): Record<string, unknown> {
  if (v.reminder === 'none') return { remindAt: null };
  if (v.reminder === 'custom') return { remindAt: toIso(v.remindAt) };
  return { remindBefore: reminderPresets[v.reminder] };
}

export const customerBody = (c: Customer | null) =>
  c?.kind === 'contact'
    ? { contactId: c.id }
    : c?.kind === 'company'
      ? { contactId: null, companyId: c.id }
      : { contactId: null, companyId: null };

export const blankValues = (assigneeId: string | null, customer: Customer | null): TaskFormValues => ({
  title: '',
  description: '',
  dueAt: null,
  reminder: 'none',
  remindAt: null,
  priority: 'normal',
  status: 'open',
  assigneeId,
  customer,
});

/** The body of `POST /tasks`. */
export function createBody(v: TaskFormValues): Record<string, unknown> {
  return {
    title: v.title.trim(),
    description: v.description.trim() || null,
    dueAt: toIso(v.dueAt),
    priority: v.priority,
    assigneeId: v.assigneeId,
    ...(v.customer ? customerBody(v.customer) : {}),
    ...(v.reminder === 'none' ? {} : reminderBody(v)),
  };
}

/** The body of `PATCH /tasks/:id`: only what changed, so a colleague's change to another field stays. */
export function changeBody(task: TaskDto, v: TaskFormValues): Record<string, unknown> {
  const was = fromTask(task);
  const body: Record<string, unknown> = {};
  const title = v.title.trim();
  const description = v.description.trim() || null;
  if (title !== was.title) body.title = title;
  if (description !== (task.description ?? null)) body.description = description;
  if (v.dueAt !== was.dueAt) body.dueAt = toIso(v.dueAt);
  if (v.priority !== was.priority) body.priority = v.priority;
  if (v.status !== was.status) body.status = v.status;
  if (v.assigneeId !== was.assigneeId) body.assigneeId = v.assigneeId;
  if (v.customer?.id !== was.customer?.id) Object.assign(body, customerBody(v.customer));
  // With the due time, a reminder "before" it is sent again so it moves along; a custom one stays put.
  if (v.reminder !== was.reminder || v.remindAt !== was.remindAt || 'dueAt' in body)
    Object.assign(body, reminderBody(v));
  return body;
}
