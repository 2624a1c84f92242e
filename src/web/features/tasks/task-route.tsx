import { useNavigate, useParams } from '@tanstack/react-router';
import { TaskFormModal } from './task-form-modal.tsx';
import { useTask } from './use-tasks.tsx';

/** /tasks/$taskId: the task over the list (where notifications about it lead). */
export function TaskRoute() {
  const { taskId } = useParams({ strict: false }) as { taskId: string };
  const navigate = useNavigate();
  const q = useTask(taskId);
  const close = () => void navigate({ to: '/tasks' });
  return <TaskFormModal opened={Boolean(q.data)} task={q.data ?? null} onClose={close} />;
}
