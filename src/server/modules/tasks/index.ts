export { countTasks, listTasks } from './tasks.list.ts';
export { taskReminderSweep } from './tasks.reminders.ts';
export { tasksRoutes } from './tasks.routes.ts';
export { tasks } from './tasks.schema.ts';
export {
  createTask,
  eraseTasksOf,
  getTask,
  loadTasks,
  purgeTaskRecycleBin,
  type TaskRow,
  toTaskDto,
} from './tasks.service.ts';
export { taskTimelineSource } from './tasks.timeline.ts';
