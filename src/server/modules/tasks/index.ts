// Wiring stub: the tasks module fills these in.
import type { App } from '../../http/types.ts';
import type { Sweep } from '../jobs/index.ts';

export function tasksRoutes(_app: App) {}
export const taskReminderSweep: Sweep = { name: 'task-reminders', run: async () => 0 };
