import type {
  DateSelectArg,
  DatesSetArg,
  EventClickArg,
  EventContentArg,
  EventDropArg,
  EventInput,
  EventMountArg,
} from '@fullcalendar/core';
import daLocale from '@fullcalendar/core/locales/da';
import deLocale from '@fullcalendar/core/locales/de';
import frLocale from '@fullcalendar/core/locales/fr';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type EventResizeDoneArg } from '@fullcalendar/interaction';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { notifications } from '@mantine/notifications';
import { IconPhone, IconVideo } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { forwardRef, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventDto } from '../../../shared/events.ts';
import { ApiError } from '../../lib/api.ts';
import './calendar.css';
import { formatEventTime } from './event-format.ts';
import { dateToUtcIso, patchEvent, useRefreshEvents, utcDate } from './use-events.ts';

export const viewNames = { day: 'timeGridDay', week: 'timeGridWeek', month: 'dayGridMonth' } as const;
export type ViewKey = keyof typeof viewNames;

const plugins = [dayGridPlugin, timeGridPlugin, interactionPlugin];
const locales = [daLocale, deLocale, frLocale];

const kindColor: Record<EventDto['kind'], string> = {
  meeting: 'var(--mantine-color-teal-7)',
  call: 'var(--mantine-color-blue-7)',
  other: 'var(--mantine-color-grape-7)',
};

function toInput(e: EventDto, untitled: string): EventInput {
  return {
    id: e.id,
    title: e.title || untitled,
    start: e.allDay ? utcDate(e.startsAt) : e.startsAt,
    end: e.allDay ? utcDate(e.endsAt) : e.endsAt,
    allDay: e.allDay,
    editable: e.canEdit,
    backgroundColor: kindColor[e.kind],
    borderColor: kindColor[e.kind],
    classNames: [`rapport-event-${e.kind}`, `rapport-event-${e.status}`],
    extendedProps: { dto: e },
  };
}

/** What an event shows inside its box: time, title, and in the time grid where and with whom. */
function EventContent({ arg, showOrganizer }: { arg: EventContentArg; showOrganizer: boolean }) {
  const e = arg.event.extendedProps.dto as EventDto | undefined;
  // The selection's mirror (a new event being drawn) has no event behind it yet.
  if (!e)
    return (
      <div className="rapport-event-content">
        <div className="rapport-event-time">{arg.timeText}</div>
      </div>
    );
  const customer = e.contactName ?? e.companyName;
  const icons = (
    <>
      {e.kind === 'call' && <IconPhone size={12} aria-hidden className="rapport-event-icon" />}
      {e.videoUrl && <IconVideo size={12} aria-hidden className="rapport-event-icon" />}
    </>
  );
  if (arg.view.type.startsWith('timeGrid') && !arg.event.allDay) {
    const short = (arg.event.end?.getTime() ?? 0) - (arg.event.start?.getTime() ?? 0) <= 30 * 60_000;
    const meta = [customer, e.location, showOrganizer ? e.organizerName : null].filter(Boolean).join(' · ');
    return (
      <div className={`rapport-event-content${short ? ' rapport-event-short' : ''}`}>
        {short ? (
          // Half an hour or less: one line, the title before the time.
          <>
            {icons}
            <span className="rapport-event-name">{arg.event.title}</span>
            <span className="rapport-event-time">{arg.timeText}</span>
          </>
        ) : (
          <>
            <div className="rapport-event-time">
              {arg.timeText}
              {icons}
            </div>
            <div className="rapport-event-name">{arg.event.title}</div>
            {meta && <div className="rapport-event-meta">{meta}</div>}
          </>
        )}
      </div>
    );
  }
  const dot = arg.view.type === 'dayGridMonth' && !arg.event.allDay;
  return (
    <div className="rapport-event-content rapport-event-line">
      {dot && <span className="rapport-event-dot" style={{ background: kindColor[e.kind] }} />}
      {dot && arg.timeText && <span className="rapport-event-time">{arg.timeText}</span>}
      {icons}
      <span className="rapport-event-name">{arg.event.title}</span>
    </div>
  );
}

type Props = {
  view: ViewKey;
  date: string;
  events: EventDto[];
  canCreate: boolean;
  showOrganizer: boolean;
  onRange: (range: { from: string; to: string; title: string; date: string }) => void;
  onOpen: (e: EventDto) => void;
  onSelect: (range: { start: Date; end: Date; allDay: boolean }) => void;
};

/**
 * Day, week and month views (FullCalendar, in the UI language, weeks from Monday with week numbers).
 * Dragging or resizing an event saves it at once with If-Match; if someone changed it meanwhile the move
 * is undone, the calendar reloads and says so. Selecting a free range starts a new event there.
 */
export const CalendarView = forwardRef<FullCalendar, Props>(function CalendarView(p, ref) {
  const { t, i18n } = useTranslation('calendar');
  const refresh = useRefreshEvents();
  const untitled = t('form.noTitle');
  const inputs = useMemo(() => p.events.map((e) => toInput(e, untitled)), [p.events, untitled]);

  const move = async (info: EventDropArg | EventResizeDoneArg) => {
    const dto = info.event.extendedProps.dto as EventDto;
    const start = info.event.start!;
    const allDay = info.event.allDay;
    const end =
      info.event.end ??
      dayjs(start)
        .add(1, allDay ? 'day' : 'hour')
        .toDate();
    const body = allDay
      ? {
          allDay: true,
          startsAt: dateToUtcIso(dayjs(start).format('YYYY-MM-DD')),
          endsAt: dateToUtcIso(dayjs(end).format('YYYY-MM-DD')),
        }
      : { allDay: false, startsAt: start.toISOString(), endsAt: end.toISOString() };
    try {
      const updated = await patchEvent(dto, body);
      info.event.setExtendedProp('dto', updated);
      notifications.show({
        color: 'teal',
        message: t('notice.moved', { title: updated.title, when: formatEventTime(updated, i18n.language) }),
      });
    } catch (err) {
      info.revert();
      if (err instanceof ApiError && err.status === 412)
        notifications.show({
          color: 'orange',
          title: t('notice.conflictTitle'),
          message: t('notice.conflict'),
        });
      else
        notifications.show({
          color: 'red',
          title: t('notice.failed'),
          message: err instanceof ApiError ? err.message : String(err),
        });
    } finally {
      refresh();
    }
  };

  return (
    <div className="rapport-calendar">
      <FullCalendar
        ref={ref}
        plugins={plugins}
        initialView={viewNames[p.view]}
        initialDate={p.date}
        headerToolbar={false}
        locales={locales}
        locale={i18n.language}
        firstDay={1}
        weekNumbers
        nowIndicator
        height="100%"
        scrollTime="07:30:00"
        slotDuration="00:30:00"
        snapDuration="00:15:00"
        dayMaxEvents
        eventInteractive
        editable
        eventResizableFromStart
        selectable={p.canCreate}
        selectMirror
        events={inputs}
        eventContent={(arg) => <EventContent arg={arg} showOrganizer={p.showOrganizer} />}
        eventDidMount={(arg: EventMountArg) => {
          const e = arg.event.extendedProps.dto as EventDto | undefined;
          if (!e) return;
          arg.el.setAttribute('aria-label', `${e.title}, ${formatEventTime(e, i18n.language)}`);
          arg.el.setAttribute('data-event-id', e.id);
        }}
        datesSet={(arg: DatesSetArg) =>
          p.onRange({
            from: arg.start.toISOString(),
            to: arg.end.toISOString(),
            title: arg.view.title,
            date: dayjs(arg.view.currentStart).format('YYYY-MM-DD'),
          })
        }
        eventClick={(arg: EventClickArg) => {
          arg.jsEvent.preventDefault();
          p.onOpen(arg.event.extendedProps.dto as EventDto);
        }}
        select={(arg: DateSelectArg) => {
          p.onSelect({ start: arg.start, end: arg.end, allDay: arg.allDay });
          arg.view.calendar.unselect();
        }}
        eventDrop={(info) => void move(info)}
        eventResize={(info) => void move(info)}
      />
    </div>
  );
});
