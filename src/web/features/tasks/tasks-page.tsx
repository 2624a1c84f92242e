import {
  Alert,
  Badge,
  Button,
  Center,
  Checkbox,
  Group,
  Loader,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { Outlet, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TaskDto, type TaskView, taskViews } from '../../../shared/tasks.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { ExportButton } from '../exports/export-button.tsx';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useShortcuts } from '../records/use-shortcuts.ts';
import { useUsers } from '../records/use-users.ts';
import { DueCell, PriorityBadge, RecordCell } from './task-cells.tsx';
import { TaskFormModal } from './task-form-modal.tsx';
import { todayBounds } from './task-time.ts';
import classes from './tasks-page.module.css';
import { fitsView, useTaskList, useTaskSummary, useToggleDone } from './use-tasks.tsx';

const counted = { mine: 'mine', team: 'team', overdue: 'overdue', today: 'today' } as const;

/**
 * /tasks: my tasks, my teams', the overdue ones, today's, all open ones and the done ones, soonest due
 * first. Keyboard: j/k or ↑/↓ move, x completes (or reopens) the focused task, Enter opens it, n starts a
 * new one. /tasks/$taskId opens a task over the list (links from notifications land there).
 */
export function TasksPage() {
  const { t } = useTranslation('tasks');
  const message = useErrorMessage();
  const navigate = useNavigate();
  const user = useSession().data?.user;
  const canWrite = hasRole(user, 'agent');
  const [view, setView] = useLocalStorage<TaskView>({ key: 'rapport.tasks.view', defaultValue: 'mine' });
  const current: TaskView = taskViews.includes(view) ? view : 'mine';
  const list = useTaskList(current);
  const summary = useTaskSummary();
  const toggle = useToggleDone();
  const { nameOf } = useUsers();
  const [creating, setCreating] = useState(false);
  const [focus, setFocus] = useState(0);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const keyboard = useRef(false);
  usePageTitle(t('title'));

  const rows = useMemo(
    () => (list.data?.pages.flatMap((p) => p.data) ?? []).filter((task) => fitsView(current, task)),
    [list.data, current],
  );
  const focused = Math.min(focus, Math.max(rows.length - 1, 0));
  // Keep the keyboard focus on the row at the cursor (after a completed task leaves, on the next one).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rows changing moves the cursor's row
  useEffect(() => {
    if (keyboard.current && !document.querySelector('[role="dialog"]')) rowRefs.current[focused]?.focus();
  }, [focused, rows]);

  const open = (task: TaskDto) => void navigate({ to: `/tasks/${task.id}` });
  const move = (by: number) => {
    keyboard.current = true;
    setFocus(Math.max(0, Math.min(rows.length - 1, focused + by)));
    if (by > 0 && focused + by >= rows.length - 5 && list.hasNextPage && !list.isFetchingNextPage)
      void list.fetchNextPage();
  };
  const complete = (task: TaskDto | undefined) => canWrite && task && toggle.mutate(task);
  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    x: () => complete(rows[focused]),
    Enter: () => {
      const el = document.activeElement;
      if (el && el !== document.body && !el.matches('tr[data-task]')) return;
      if (rows[focused]) open(rows[focused]);
    },
    n: () => canWrite && setCreating(true),
  });

  const count = (v: TaskView) => {
    if (!(v in counted) || !summary.data) return null;
    const n = summary.data[counted[v as keyof typeof counted]];
    return n > summary.data.cap ? `${summary.data.cap}+` : String(n);
  };

  return (
    <Stack gap="sm" maw={1280}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <Group gap="sm" wrap="nowrap">
          <ExportButton
            entity="tasks"
            query={{ view: current, ...(current === 'today' ? todayBounds() : {}) }}
          />
          {canWrite && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setCreating(true)}
              title={t('newShortcut')}
            >
              {t('new')}
            </Button>
          )}
        </Group>
      </Group>
      <ScrollArea type="never" maw="100%">
        <SegmentedControl
          aria-label={t('views.label')}
          value={current}
          onChange={(v) => {
            setView(v as TaskView);
            setFocus(0);
          }}
          data={taskViews.map((v) => {
            const n = count(v);
            return {
              value: v,
              label: (
                <Group gap={6} wrap="nowrap" justify="center">
                  <span>{t(`views.${v}`)}</span>
                  {n !== null && n !== '0' && (
                    <span className={classes.count} data-alert={v === 'overdue' || undefined}>
                      {n}
                    </span>
                  )}
                </Group>
              ),
            };
          })}
        />
      </ScrollArea>
      {list.isError ? (
        <Alert color="red">{message(list.error)}</Alert>
      ) : list.isPending ? (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      ) : rows.length === 0 ? (
        <Stack align="center" gap="xs" py="xl">
          <ThemeIcon variant="light" size={44} radius="xl">
            <IconChecklist size={22} />
          </ThemeIcon>
          <Text c="dimmed" ta="center">
            {t(`empty.${current}`)}
          </Text>
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table
            layout="fixed"
            aria-label={t(`views.${current}`)}
            highlightOnHover
            verticalSpacing={6}
            className={classes.table}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40} />
                <Table.Th>{t('columns.title')}</Table.Th>
                <Table.Th w={205}>{t('columns.due')}</Table.Th>
                <Table.Th w={100}>{t('columns.priority')}</Table.Th>
                <Table.Th w={140}>{t('columns.assignee')}</Table.Th>
                <Table.Th w={230}>{t('columns.record')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((task, i) => {
                const done = task.status === 'done';
                return (
                  <Table.Tr
                    key={task.id}
                    ref={(el) => {
                      rowRefs.current[i] = el;
                    }}
                    data-task={task.id}
                    data-focused={i === focused || undefined}
                    tabIndex={i === focused ? 0 : -1}
                    aria-selected={i === focused}
                    className={classes.row}
                    onFocus={() => setFocus(i)}
                    onClick={(e) => {
                      if ((e.target as HTMLElement).closest('a,button,input,label')) return;
                      keyboard.current = false;
                      setFocus(i);
                      open(task);
                    }}
                  >
                    <Table.Td>
                      <Checkbox
                        aria-label={
                          done ? t('reopen', { title: task.title }) : t('complete', { title: task.title })
                        }
                        checked={done}
                        disabled={!canWrite}
                        onChange={() => complete(task)}
                        radius="xl"
                      />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap" miw={0}>
                        <Text
                          size="sm"
                          fw={500}
                          truncate
                          td={done ? 'line-through' : undefined}
                          c={done ? 'dimmed' : undefined}
                        >
                          {task.title}
                        </Text>
                        {task.status === 'in_progress' && (
                          <Badge size="xs" variant="dot" color="blue" style={{ flexShrink: 0 }}>
                            {t('status.in_progress')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <DueCell task={task} />
                    </Table.Td>
                    <Table.Td>
                      <PriorityBadge priority={task.priority} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate c={task.assigneeId ? undefined : 'dimmed'}>
                        {task.assigneeName ?? nameOf(task.assigneeId) ?? t('unassigned')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <RecordCell task={task} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {t('keys')}
        </Text>
        {list.hasNextPage && (
          <Button
            variant="default"
            size="xs"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('loadMore')}
          </Button>
        )}
      </Group>
      <TaskFormModal opened={creating} onClose={() => setCreating(false)} />
      <Outlet />
    </Stack>
  );
}
