import '@mantine/dates/styles.css';
import {
  Alert,
  Button,
  Chip,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TaskDto, taskPriorities, taskStatuses } from '../../../shared/tasks.ts';
import { ApiError, api } from '../../lib/api.ts';
import { relativeTime } from '../../lib/relative-time.ts';
import { useSession } from '../../lib/session.ts';
import { useDateLocale } from '../records/date-locale.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useUsers } from '../records/use-users.ts';
import { type Customer, CustomerPicker } from './customer-picker.tsx';
import {
  blankValues,
  changeBody,
  createBody,
  fromTask,
  quickDue,
  type TaskFormValues,
} from './task-form-values.ts';
import { type ReminderChoice, reminderChoices } from './task-time.ts';
import { useDeleteTask } from './use-delete-task.tsx';
import { putTask, refreshTasks, taskKeys, useToggleDone } from './use-tasks.tsx';

/**
 * Create or change a task: title, description, due date and time, reminder, priority, assignee and the
 * contact or company it is about. Ctrl+Enter saves; a change goes with the version it was made on (412 →
 * the form shows the newer version). The API's field errors appear next to the inputs.
 */
export function TaskFormModal({
  opened,
  task,
  initialCustomer,
  onClose,
}: {
  opened: boolean;
  /** The task to change; a new one when absent. */
  task?: TaskDto | null;
  /** For a new task from a contact's or company's page. */
  initialCustomer?: Customer | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('tasks');
  const locale = useDateLocale();
  const qc = useQueryClient();
  const message = useErrorMessage();
  const me = useSession().data?.user;
  const { users, nameOf } = useUsers();
  const toggle = useToggleDone();
  const blank = useMemo(
    () => blankValues(me?.id ?? null, initialCustomer ?? null),
    [me?.id, initialCustomer],
  );
  const [values, setValues] = useState<TaskFormValues>(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form resets when it opens or shows another task, not on every render of its props
  useEffect(() => {
    if (!opened) return;
    setValues(task ? fromTask(task) : blank);
    setErrors({});
    setConflict(false);
  }, [opened, task?.id]);
  // A newer version of the task (after a conflict): the form shows it, the conflict notice stays.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new version resets the values
  useEffect(() => {
    if (opened && task) setValues(fromTask(task));
  }, [task?.version]);
  const set = <K extends keyof TaskFormValues>(k: K, v: TaskFormValues[K]) =>
    setValues((s) => ({ ...s, [k]: v }));

  // Whom one may assign to: oneself and one's teammates (admins: anyone active), and whoever has it now.
  const myTeams = new Set(me?.teamIds ?? []);
  const assignable = users
    .filter(
      (u) =>
        u.id === task?.assigneeId ||
        (u.active && (me?.role === 'admin' || u.id === me?.id || u.teamIds.some((id) => myTeams.has(id)))),
    )
    .map((u) => ({ value: u.id, label: u.name || u.email }));

  const save = useMutation({
    mutationFn: () =>
      task
        ? api<TaskDto>(`/tasks/${task.id}`, {
            method: 'PATCH',
            headers: { 'if-match': `"${task.version}"` },
            body: changeBody(task, values),
          })
        : api<TaskDto>('/tasks', { method: 'POST', body: createBody(values) }),
    onSuccess: (saved) => {
      putTask(qc, saved);
      refreshTasks(qc);
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      if (err instanceof ApiError && err.status === 412 && task) {
        setConflict(true);
        void qc.invalidateQueries({ queryKey: taskKeys.detail(task.id) });
        refreshTasks(qc);
      }
    },
  });

  const remove = useDeleteTask(onClose);

  const hasDue = Boolean(values.dueAt);
  const problem =
    save.error instanceof ApiError && !save.error.errors.length && save.error.status !== 412
      ? save.error.message
      : save.error && !(save.error instanceof ApiError)
        ? message(save.error)
        : null;
  const reminderError =
    errors.remindBefore ??
    (values.reminder !== 'none' && values.reminder !== 'custom' && !hasDue ? t('form.needsDue') : undefined);
  const submit = () => {
    if (!values.title.trim()) {
      setErrors({ title: t('form.titlePlaceholder') });
      return;
    }
    save.mutate();
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={task ? t('form.titleEdit') : t('form.titleNew')}
      size="lg"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
      >
        <Stack gap="sm">
          {conflict && (
            <Alert color="orange" role="alert">
              {t('form.conflict')}
            </Alert>
          )}
          {problem && <Alert color="red">{problem}</Alert>}
          <TextInput
            label={t('form.title')}
            placeholder={t('form.titlePlaceholder')}
            value={values.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            maxLength={300}
            required
            error={errors.title}
            data-autofocus
          />
          <Textarea
            label={t('form.description')}
            value={values.description}
            onChange={(e) => set('description', e.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={8}
            maxLength={10_000}
            error={errors.description}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Stack gap={6}>
              <DateTimePicker
                label={t('form.dueAt')}
                value={values.dueAt}
                onChange={(v) => set('dueAt', v)}
                valueFormat="L LT"
                locale={locale}
                clearable
                error={errors.dueAt}
              />
              <Group gap={6} role="group" aria-label={t('quick.label')}>
                {(['today', 'tomorrow', 'nextWeek'] as const).map((q) => (
                  <Chip
                    key={q}
                    size="xs"
                    checked={values.dueAt === quickDue(q)}
                    onChange={() => set('dueAt', quickDue(q))}
                  >
                    {t(`quick.${q}`)}
                  </Chip>
                ))}
              </Group>
            </Stack>
            <Stack gap={6}>
              <Select
                label={t('form.reminder')}
                data={reminderChoices.map((c) => ({
                  value: c,
                  label: t(`reminder.${c}`),
                  disabled: !hasDue && c !== 'none' && c !== 'custom',
                }))}
                value={values.reminder}
                onChange={(v) => {
                  if (!v) return;
                  set('reminder', v as ReminderChoice);
                  if (v === 'custom' && !values.remindAt)
                    set(
                      'remindAt',
                      values.dueAt ??
                        dayjs().add(1, 'hour').minute(0).second(0).format('YYYY-MM-DD HH:mm:ss'),
                    );
                }}
                allowDeselect={false}
                error={reminderError}
                comboboxProps={{ withinPortal: true }}
              />
              {values.reminder === 'custom' && (
                <DateTimePicker
                  label={t('form.remindAt')}
                  value={values.remindAt}
                  onChange={(v) => set('remindAt', v)}
                  valueFormat="L LT"
                  locale={locale}
                  error={errors.remindAt}
                />
              )}
            </Stack>
            <Select
              label={t('form.priority')}
              data={taskPriorities.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
              value={values.priority}
              onChange={(v) => v && set('priority', v as TaskDto['priority'])}
              allowDeselect={false}
              error={errors.priority}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label={t('form.assignee')}
              placeholder={t('unassigned')}
              data={assignable}
              value={values.assigneeId}
              onChange={(v) => set('assigneeId', v)}
              searchable
              clearable
              error={errors.assigneeId}
              comboboxProps={{ withinPortal: true }}
            />
            <CustomerPicker
              value={values.customer}
              onChange={(c) => set('customer', c)}
              error={errors.contactId ?? errors.companyId}
            />
            {task && (
              <Select
                label={t('form.status')}
                data={taskStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
                value={values.status}
                onChange={(v) => v && set('status', v as TaskDto['status'])}
                allowDeselect={false}
                error={errors.status}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          </SimpleGrid>
          {task && (
            <Stack gap={2}>
              {task.linkType && (
                <Text size="xs" c="dimmed">
                  {task.linkType === 'interaction' ? t('form.linkedInteraction') : t('form.linkedEvent')}
                </Text>
              )}
              {task.remindAt && (
                <Text size="xs" c="dimmed">
                  {task.remindedAt
                    ? t('form.reminderSent', { when: relativeTime(task.remindedAt, i18n.language) })
                    : t('form.reminderPending', { when: relativeTime(task.remindAt, i18n.language) })}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {t('form.createdBy', {
                  name: nameOf(task.createdById) ?? '—',
                  when: relativeTime(task.createdAt, i18n.language),
                })}
                {task.completedAt &&
                  ` ${t('form.completedBy', {
                    name: nameOf(task.completedById) ?? '—',
                    when: relativeTime(task.completedAt, i18n.language),
                  })}`}
              </Text>
            </Stack>
          )}
          <Group justify="space-between" mt="xs">
            {task ? (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={14} />}
                loading={remove.isPending}
                onClick={() => remove.mutate(task)}
              >
                {t('form.delete')}
              </Button>
            ) : (
              <Text size="xs" c="dimmed">
                {t('form.saveHint')}
              </Text>
            )}
            <Group gap="xs">
              {task && (
                <Button
                  variant="light"
                  loading={toggle.isPending}
                  onClick={() => toggle.mutate(task, { onSuccess: onClose })}
                >
                  {task.status === 'done' ? t('form.reopen') : t('form.markDone')}
                </Button>
              )}
              <Button variant="default" onClick={onClose}>
                {t('form.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {task ? t('form.save') : t('form.create')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
