import dayjs from 'dayjs';
import type { TaskDto } from '../../../shared/tasks.ts';

/** The reminder choices of the task form: minutes before the due time, or none, or a time of one's own. */
export const reminderPresets = { atDue: 0, min15: 15, hour1: 60, day1: 1440 } as const;
export type ReminderPreset = keyof typeof reminderPresets;
export type ReminderChoice = 'none' | ReminderPreset | 'custom';
export const reminderChoices: ReminderChoice[] = ['none', 'atDue', 'min15', 'hour1', 'day1', 'custom'];

/** Which choice a stored reminder is: a preset when it sits exactly that long before the due time. */
export function reminderChoiceOf(task: Pick<TaskDto, 'dueAt' | 'remindAt'>): ReminderChoice {
  if (!task.remindAt) return 'none';
  if (!task.dueAt) return 'custom';
  const minutes = (Date.parse(task.dueAt) - Date.parse(task.remindAt)) / 60_000;
  const preset = (Object.keys(reminderPresets) as ReminderPreset[]).find(
    (k) => reminderPresets[k] === minutes,
  );
  return preset ?? 'custom';
}

/** The bounds of the browser's day (in its own time zone), as the API's `view=today` wants them. */
export function todayBounds(now = new Date()): { from: string; to: string } {
  const start = dayjs(now).startOf('day');
  return { from: start.toISOString(), to: start.add(1, 'day').toISOString() };
}

export const isOpenStatus = (s: TaskDto['status']) => s === 'open' || s === 'in_progress';

export function isOverdue(task: Pick<TaskDto, 'dueAt' | 'status'>, now = Date.now()): boolean {
  return Boolean(task.dueAt && isOpenStatus(task.status) && Date.parse(task.dueAt) < now);
}

/**
 * A due time as people say it: "Today, 14:00", "Tomorrow, 09:00", "Yesterday, 17:30", otherwise the
 * weekday and date (with the year only when it is not this year) and the time, in the UI language.
 */
export function formatDue(
  iso: string,
  lng: string,
  words: {
    today: (time: string) => string;
    tomorrow: (time: string) => string;
    yesterday: (time: string) => string;
  },
  now = new Date(),
): string {
  const d = new Date(iso);
  const time = new Intl.DateTimeFormat(lng, { timeStyle: 'short' }).format(d);
  const days = dayjs(d).startOf('day').diff(dayjs(now).startOf('day'), 'day');
  if (days === 0) return words.today(time);
  if (days === 1) return words.tomorrow(time);
  if (days === -1) return words.yesterday(time);
  return new Intl.DateTimeFormat(lng, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: d.getFullYear() === now.getFullYear() ? undefined : 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}
