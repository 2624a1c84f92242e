import type FullCalendar from '@fullcalendar/react';
import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useHotkeys, useLocalStorage } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight, IconPlus, IconRss } from '@tabler/icons-react';
import { useNavigate, useParams } from '@tanstack/react-router';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventDto } from '../../../shared/events.ts';
import { api } from '../../lib/api.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { CalendarExportButton } from '../exports/calendar-export-button.tsx';
import { usePageTitle } from '../records/use-page-title.ts';
import { useUsers } from '../records/use-users.ts';
import { AwaitingOutcomeList, OutcomePrompt } from './awaiting-outcome.tsx';
import { CalendarFeedModal } from './calendar-feed-modal.tsx';
import { CalendarView, type ViewKey, viewNames } from './calendar-view.tsx';
import { type EventDialog, EventFormModal } from './event-form-modal.tsx';
import { newEventValues } from './event-form-values.ts';
import { ImportIcsButton } from './import-ics-button.tsx';
import { OutcomeModal } from './outcome-modal.tsx';
import { useEvent, useEventRange, useRefreshEvents, utcDate, type Who, whoParams } from './use-events.ts';

/**
 * The calendar page: day, week and month views of my, my team's or a colleague's events; new events by
 * selecting a range (or `n`), drag and resize to reschedule, the "awaiting outcome" list, .ics import and
 * the subscription address. `/calendar/events/:id` opens one event (links from notifications and records).
 */
export function CalendarPage() {
  const { t } = useTranslation('calendar');
  usePageTitle(t('title'));
  const session = useSession();
  const me = session.data?.user;
  const canWrite = hasRole(me, 'agent');
  const { users } = useUsers();
  const navigate = useNavigate();
  const refresh = useRefreshEvents();
  const { eventId } = useParams({ strict: false }) as { eventId?: string };
  const calendarRef = useRef<FullCalendar>(null);
  const [view, setView] = useLocalStorage<ViewKey>({
    key: 'rapport.calendar.view',
    defaultValue: 'week',
    getInitialValueInEffect: false,
  });
  const [who, setWho] = useLocalStorage<Who>({
    key: 'rapport.calendar.who',
    defaultValue: 'mine',
    getInitialValueInEffect: false,
  });
  const [range, setRange] = useState<{ from: string; to: string; title: string; date: string } | null>(null);
  const [dialog, setDialog] = useState<EventDialog>(null);
  const [outcomeOf, setOutcomeOf] = useState<EventDto | null>(null);
  const [feedOpen, setFeedOpen] = useState(false);
  const events = useEventRange(range && { from: range.from, to: range.to }, who);
  const linked = useEvent(eventId ?? null);

  const calendarApi = () => calendarRef.current?.getApi();
  const changeView = (v: ViewKey) => setView(v);
  // The view follows the stored choice (also when another tab changes it).
  useEffect(() => {
    calendarRef.current?.getApi().changeView(viewNames[view]);
  }, [view]);
  const goTo = (e: EventDto) =>
    calendarApi()?.gotoDate(e.allDay ? utcDate(e.startsAt) : new Date(e.startsAt));
  const open = (e: EventDto) => setDialog({ mode: 'edit', event: e });
  const create = (r: { start: Date; end: Date; allDay: boolean } | null = null) =>
    canWrite && me && setDialog({ mode: 'new', values: newEventValues(r, me.id) });

  const openOn = (e: EventDto) => {
    goTo(e);
    open(e);
  };
  // A linked event (/calendar/events/:id) opens once it has loaded, on its date.
  // biome-ignore lint/correctness/useExhaustiveDependencies: open the linked event once per load
  useEffect(() => {
    if (linked.data) openOn(linked.data);
  }, [linked.data]);

  useHotkeys([
    ['n', () => create()],
    ['t', () => calendarApi()?.today()],
    ['d', () => changeView('day')],
    ['w', () => changeView('week')],
    ['m', () => changeView('month')],
    ['ArrowLeft', () => calendarApi()?.prev()],
    ['ArrowRight', () => calendarApi()?.next()],
  ]);

  const closeDialog = () => {
    setDialog(null);
    if (eventId) void navigate({ to: '/calendar' });
  };
  const deleted = (e: EventDto) =>
    notifications.show({
      color: 'gray',
      message: (
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">{t('notice.deleted', { title: e.title })}</Text>
          <Button
            size="compact-xs"
            variant="light"
            onClick={async () => {
              await api(`/events/${e.id}/restore`, { method: 'POST' });
              refresh();
              notifications.show({ color: 'teal', message: t('notice.restored') });
            }}
          >
            {t('notice.undo')}
          </Button>
        </Group>
      ),
    });

  const whoData = [
    { value: 'mine', label: t('who.mine') },
    { value: 'team', label: t('who.team') },
    {
      group: t('who.people'),
      items: users
        .filter((u) => u.active && u.id !== me?.id)
        .map((u) => ({ value: `user:${u.id}`, label: u.name || u.email })),
    },
  ];

  return (
    <Stack gap="sm" h="calc(100dvh - 56px - 2 * var(--mantine-spacing-md))" mih={620}>
      <Group justify="space-between" gap="sm">
        <Title order={1} size="h3">
          {t('title')}
        </Title>
        <Group gap="xs">
          {canWrite && <ImportIcsButton onImported={openOn} />}
          {range && <CalendarExportButton from={range.from} to={range.to} {...whoParams(who)} />}
          <Button variant="default" leftSection={<IconRss size={16} />} onClick={() => setFeedOpen(true)}>
            {t('feed.button')}
          </Button>
          {canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => create()}>
              {t('newEvent')}
            </Button>
          )}
        </Group>
      </Group>
      <Group justify="space-between" gap="sm">
        <Group gap="xs" wrap="nowrap">
          <Button variant="default" size="xs" onClick={() => calendarApi()?.today()}>
            {t('today')}
          </Button>
          <Tooltip label={t('previous')}>
            <ActionIcon variant="default" aria-label={t('previous')} onClick={() => calendarApi()?.prev()}>
              <IconChevronLeft size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('next')}>
            <ActionIcon variant="default" aria-label={t('next')} onClick={() => calendarApi()?.next()}>
              <IconChevronRight size={16} />
            </ActionIcon>
          </Tooltip>
          <Text component="h2" fw={600} size="lg" aria-live="polite" data-testid="calendar-range-title" m={0}>
            {range?.title}
          </Text>
        </Group>
        <Group gap="xs">
          <Select
            size="xs"
            aria-label={t('who.label')}
            data={whoData}
            value={who}
            onChange={(v) => v && setWho(v as Who)}
            allowDeselect={false}
            searchable
            w={200}
          />
          <SegmentedControl
            size="xs"
            aria-label={t('view.label')}
            value={view}
            onChange={(v) => changeView(v as ViewKey)}
            data={(['day', 'week', 'month'] as const).map((v) => ({ value: v, label: t(`view.${v}`) }))}
          />
        </Group>
      </Group>
      {canWrite && <OutcomePrompt onGive={setOutcomeOf} />}
      {events.isError && (
        <Alert color="red" title={t('loadFailed')}>
          <Button size="xs" variant="light" onClick={() => void events.refetch()}>
            {t('retry')}
          </Button>
        </Alert>
      )}
      <Group align="stretch" wrap="nowrap" gap="md" style={{ flex: 1, minHeight: 0 }}>
        <Box style={{ flex: 1, minWidth: 0 }}>
          <CalendarView
            ref={calendarRef}
            view={view}
            date={dayjs().format('YYYY-MM-DD')}
            events={events.data ?? []}
            canCreate={canWrite}
            showOrganizer={who !== 'mine'}
            onRange={(r) =>
              setRange((old) =>
                old && old.from === r.from && old.to === r.to && old.title === r.title ? old : r,
              )
            }
            onOpen={open}
            onSelect={(r) => create(r)}
          />
        </Box>
        {canWrite && (
          <Stack w={280} gap="md" visibleFrom="lg" style={{ flexShrink: 0 }}>
            <AwaitingOutcomeList onGive={setOutcomeOf} onOpen={openOn} />
          </Stack>
        )}
      </Group>
      <EventFormModal
        dialog={dialog}
        onClose={closeDialog}
        onOutcome={(e) => {
          closeDialog();
          setOutcomeOf(e);
        }}
        onDeleted={deleted}
      />
      <OutcomeModal event={outcomeOf} onClose={() => setOutcomeOf(null)} />
      <CalendarFeedModal opened={feedOpen} onClose={() => setFeedOpen(false)} />
    </Stack>
  );
}
