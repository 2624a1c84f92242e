import { describe, expect, it } from 'vitest';
import type { TaskDto } from '../../../shared/tasks.ts';
import { blankValues, changeBody, createBody, fromTask } from './task-form-values.ts';
import { formatDue, isOverdue, reminderChoiceOf, todayBounds } from './task-time.ts';

const task = (over: Partial<TaskDto> = {}): TaskDto => ({
  id: '00000000-0000-4000-8000-000000000001',
  title: 'Call Mette',
  description: null,
  dueAt: '2026-12-01T09:00:00.000Z',
  remindAt: '2026-12-01T08:00:00.000Z',
  remindedAt: null,
  priority: 'normal',
  status: 'open',
  assigneeId: '00000000-0000-4000-8000-000000000002',
  assigneeName: 'Ada',
  contactId: '00000000-0000-4000-8000-000000000003',
  contactName: 'Mette Kjær',
  companyId: '00000000-0000-4000-8000-000000000004',
  companyName: 'Nørre Cykler ApS',
  linkType: null,
  linkId: null,
  completedAt: null,
  completedById: null,
  createdById: null,
  version: 3,
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
  deletedAt: null,
  ...over,
});

describe('task reminders in the form', () => {
  it('recognises the presets by their distance to the due time, anything else is custom', () => {
    expect(reminderChoiceOf(task())).toBe('hour1');
    expect(reminderChoiceOf(task({ remindAt: '2026-12-01T09:00:00.000Z' }))).toBe('atDue');
    expect(reminderChoiceOf(task({ remindAt: '2026-11-30T09:00:00.000Z' }))).toBe('day1');
    expect(reminderChoiceOf(task({ remindAt: '2026-12-01T08:45:00.000Z' }))).toBe('min15');
    expect(reminderChoiceOf(task({ remindAt: '2026-12-01T07:10:00.000Z' }))).toBe('custom');
    expect(reminderChoiceOf(task({ dueAt: null }))).toBe('custom');
    expect(reminderChoiceOf(task({ remindAt: null }))).toBe('none');
  });

  it('sends a new task’s reminder as minutes before the due time, or not at all', () => {
    const v = {
      ...blankValues('u', null),
      title: '  Call  ',
      dueAt: '2026-12-01 10:00:00',
      reminder: 'min15' as const,
    };
    expect(createBody(v)).toMatchObject({
      title: 'Call',
      remindBefore: 15,
      description: null,
      priority: 'normal',
    });
    expect(createBody({ ...v, reminder: 'none' })).not.toHaveProperty('remindAt');
    expect(createBody({ ...v, reminder: 'none' })).not.toHaveProperty('remindBefore');
  });

  it('changes only what changed; a moved due time takes its reminder along', () => {
    const t = task();
    expect(changeBody(t, fromTask(t))).toEqual({});
    expect(changeBody(t, { ...fromTask(t), priority: 'urgent' })).toEqual({ priority: 'urgent' });
    const moved = changeBody(t, { ...fromTask(t), dueAt: '2026-12-08 10:00:00' });
    expect(moved).toMatchObject({ remindBefore: 60 });
    expect(moved.dueAt).toBe(new Date('2026-12-08T10:00:00').toISOString());
    expect(changeBody(t, { ...fromTask(t), reminder: 'none' })).toEqual({ remindAt: null });
    expect(changeBody(t, { ...fromTask(t), customer: null })).toEqual({ contactId: null, companyId: null });
  });
});

describe('task times', () => {
  it('gives the bounds of the browser’s own day', () => {
    const { from, to } = todayBounds(new Date(2026, 10, 23, 15, 30));
    expect(new Date(from)).toEqual(new Date(2026, 10, 23));
    expect(new Date(to)).toEqual(new Date(2026, 10, 24));
  });

  it('says today, tomorrow and yesterday, and the date otherwise', () => {
    const now = new Date(2026, 10, 23, 12);
    const words = {
      today: (t: string) => `T ${t}`,
      tomorrow: (t: string) => `M ${t}`,
      yesterday: (t: string) => `Y ${t}`,
    };
    expect(formatDue(new Date(2026, 10, 23, 17).toISOString(), 'en-GB', words, now)).toBe('T 17:00');
    expect(formatDue(new Date(2026, 10, 24, 9).toISOString(), 'en-GB', words, now)).toBe('M 09:00');
    expect(formatDue(new Date(2026, 10, 22, 9).toISOString(), 'en-GB', words, now)).toBe('Y 09:00');
    expect(formatDue(new Date(2027, 0, 5, 9).toISOString(), 'en-GB', words, now)).toContain('2027');
  });

  it('is overdue only while open and past due', () => {
    const now = Date.parse('2026-12-02T00:00:00Z');
    expect(isOverdue(task(), now)).toBe(true);
    expect(isOverdue(task({ status: 'done' }), now)).toBe(false);
    expect(isOverdue(task({ dueAt: null }), now)).toBe(false);
  });
});
