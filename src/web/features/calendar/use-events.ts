import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EventDto } from '../../../shared/events.ts';
import { api, qs } from '../../lib/api.ts';

export const eventsKey = ['events'] as const;

/** Whose events the calendar shows: mine, my team's (everything I may see), or one colleague's. */
export type Who = 'mine' | 'team' | `user:${string}`;

export function whoParams(who: Who): Record<string, string | undefined> {
  if (who === 'mine') return { mine: 'true' };
  if (who.startsWith('user:')) return { userId: who.slice(5) };
  return {};
}

/** The events of the visible range, all pages of them (the API pages by 2,000). */
export function useEventRange(range: { from: string; to: string } | null, who: Who) {
  return useQuery({
    queryKey: [...eventsKey, 'range', range?.from, range?.to, who],
    enabled: range !== null,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => {
      const all: EventDto[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: EventDto[]; nextCursor: string | null } = await api(
          `/events${qs({ from: range!.from, to: range!.to, includeCancelled: 'true', limit: 2000, cursor, ...whoParams(who) })}`,
          { signal },
        );
        all.push(...page.data);
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    },
  });
}

export function useAwaitingOutcome(enabled = true) {
  return useQuery({
    queryKey: [...eventsKey, 'awaiting-outcome'],
    queryFn: ({ signal }) => api<{ data: EventDto[] }>('/events/awaiting-outcome', { signal }),
    enabled,
    refetchInterval: 5 * 60_000,
  });
}

export function useEvent(id: string | null) {
  return useQuery({
    queryKey: [...eventsKey, 'one', id],
    queryFn: ({ signal }) => api<EventDto>(`/events/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

/** Everything that shows events reloads; `timelines` also the customers' timelines (after an outcome). */
export function useRefreshEvents() {
  const qc = useQueryClient();
  return (opts: { timelines?: boolean } = {}) => {
    void qc.invalidateQueries({ queryKey: eventsKey });
    if (opts.timelines) {
      void qc.invalidateQueries({ queryKey: ['contacts', 'timeline'] });
      void qc.invalidateQueries({ queryKey: ['companies', 'timeline'] });
    }
  };
}

/** `PATCH /events/:id` with the version the caller saw (412 when someone changed it since). */
export function patchEvent(event: Pick<EventDto, 'id' | 'version'>, body: Record<string, unknown>) {
  return api<EventDto>(`/events/${event.id}`, {
    method: 'PATCH',
    headers: { 'if-match': `"${event.version}"` },
    body,
  });
}

/** Downloads the event's .ics file through the browser (the session cookie authenticates it). */
export function downloadIcs(event: Pick<EventDto, 'id'>) {
  const a = document.createElement('a');
  a.href = `/api/v1/events/${event.id}/ics`;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** All-day events are stored from midnight UTC; the calendar shows them on those dates wherever it is. */
export const utcDate = (iso: string) => iso.slice(0, 10);
export const dateToUtcIso = (date: string) => `${date}T00:00:00.000Z`;
