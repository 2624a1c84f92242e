import { Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconPhone, IconPlus, IconVideo } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventDto } from '../../../shared/events.ts';
import { api, qs } from '../../lib/api.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { type EventDialog, EventFormModal } from './event-form-modal.tsx';
import { newEventValues } from './event-form-values.ts';
import { formatEventTime } from './event-format.ts';
import { eventsKey } from './use-events.ts';

const YEAR_MS = 365 * 86_400_000;

/**
 * A contact's or company's next events (those the caller may see), on its page: each opens in the
 * calendar; "New event" starts one already about this customer.
 */
export function UpcomingEventsCard({
  kind,
  id,
  name,
}: {
  kind: 'contact' | 'company';
  id: string;
  name: string;
}) {
  const { t, i18n } = useTranslation('calendar');
  const me = useSession().data?.user;
  const canWrite = hasRole(me, 'agent');
  const [dialog, setDialog] = useState<EventDialog>(null);
  const q = useQuery({
    queryKey: [...eventsKey, 'upcoming', kind, id],
    queryFn: ({ signal }) => {
      const now = Date.now();
      return api<{ data: EventDto[] }>(
        `/events${qs({
          from: new Date(now).toISOString(),
          to: new Date(now + YEAR_MS).toISOString(),
          [kind === 'contact' ? 'contactId' : 'companyId']: id,
          limit: 5,
        })}`,
        { signal },
      );
    },
  });
  const list = q.data?.data ?? [];
  const create = () =>
    me &&
    setDialog({
      mode: 'new',
      values: newEventValues(null, me.id, kind === 'contact' ? { contactId: id } : { companyId: id }),
      names: kind === 'contact' ? { contact: name } : { company: name },
    });
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby={`upcoming-events-${id}`}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id={`upcoming-events-${id}`}>
          {t('upcoming.title')}
        </Title>
        {canWrite && (
          <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} onClick={create}>
            {t('newEvent')}
          </Button>
        )}
      </Group>
      {q.isPending ? (
        <Stack gap="xs">
          <Skeleton h={18} />
          <Skeleton h={18} />
        </Stack>
      ) : list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('upcoming.none')}
        </Text>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {list.map((e) => (
            <li key={e.id}>
              <Group gap={6} wrap="nowrap">
                {e.kind === 'call' && <IconPhone size={14} aria-hidden />}
                {e.videoUrl && <IconVideo size={14} aria-hidden />}
                <Anchor component={Link} to={`/calendar/events/${e.id}`} size="sm" fw={500} truncate>
                  {e.title}
                </Anchor>
                {e.status !== 'confirmed' && (
                  <Badge size="xs" variant="outline" color={e.status === 'cancelled' ? 'red' : 'yellow'}>
                    {t(`status.${e.status}`)}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {formatEventTime(e, i18n.language)}
                {e.organizerName ? ` · ${e.organizerName}` : ''}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      <EventFormModal
        dialog={dialog}
        onClose={() => setDialog(null)}
        onOutcome={() => undefined}
        onDeleted={() => undefined}
      />
    </Paper>
  );
}
