import { Alert, Anchor, Badge, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconDownload, IconMapPin, IconMessageCheck, IconUsers, IconVideo } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendeeResponse, EventDto } from '../../../shared/events.ts';
import { api } from '../../lib/api.ts';
import { useSession } from '../../lib/session.ts';
import { awaitsOutcome, formatEventTime } from './event-format.ts';
import { downloadIcs, useRefreshEvents } from './use-events.ts';

/** An event the caller may see but not change: its details, and their answer when they are invited. */
export function EventDetails({
  event,
  onOutcome,
  onClose,
}: {
  event: EventDto;
  onOutcome: (e: EventDto) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('calendar');
  const me = useSession().data?.user;
  const refresh = useRefreshEvents();
  const mine = event.attendees.find((a) => a.userId === me?.id);
  const [response, setResponse] = useState(mine?.response);
  const answer = useMutation({
    mutationFn: (value: AttendeeResponse) =>
      api<EventDto>(`/events/${event.id}/response`, { method: 'POST', body: { response: value } }),
    onMutate: (value) => setResponse(value),
    onError: () => setResponse(mine?.response),
    onSuccess: () => refresh(),
  });
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Badge variant="light">{t(`kind.${event.kind}`)}</Badge>
        {event.status !== 'confirmed' && (
          <Badge variant="outline" color={event.status === 'cancelled' ? 'red' : 'yellow'}>
            {t(`status.${event.status}`)}
          </Badge>
        )}
      </Group>
      <Text fw={600} size="lg">
        {event.title}
      </Text>
      <Text size="sm">{formatEventTime(event, i18n.language)}</Text>
      {event.location && (
        <Group gap={6}>
          <IconMapPin size={16} />
          <Text size="sm">{event.location}</Text>
        </Group>
      )}
      {event.videoUrl && (
        <Group gap={6}>
          <IconVideo size={16} />
          <Anchor href={event.videoUrl} target="_blank" rel="noopener noreferrer" size="sm">
            {t('form.join')}
          </Anchor>
        </Group>
      )}
      {(event.contactId || event.companyId) && (
        <Text size="sm">
          {t('form.about')}:{' '}
          {event.contactId ? (
            <Anchor component={Link} to={`/contacts/${event.contactId}`}>
              {event.contactName}
            </Anchor>
          ) : null}
          {event.contactId && event.companyId ? ' · ' : null}
          {event.companyId ? (
            <Anchor component={Link} to={`/companies/${event.companyId}`}>
              {event.companyName}
            </Anchor>
          ) : null}
        </Text>
      )}
      <Group gap={6} align="flex-start" wrap="nowrap">
        <IconUsers size={16} style={{ marginTop: 2, flexShrink: 0 }} />
        <Text size="sm">
          {[
            `${event.organizerName ?? '—'} (${t('form.organizer')})`,
            ...event.attendees.map((a) => `${a.name ?? a.email ?? '—'} · ${t(`response.${a.response}`)}`),
          ].join(', ')}
        </Text>
      </Group>
      {event.description && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {event.description}
        </Text>
      )}
      {event.outcome && <Text size="sm">{t('outcome.given', { outcome: event.outcome })}</Text>}
      <Alert color="gray" variant="light">
        {t('form.readOnly')}
      </Alert>
      {mine && (
        <Stack gap={4}>
          <Text size="sm" fw={500} id="my-answer">
            {t('form.yourAnswer')}
          </Text>
          <SegmentedControl
            aria-labelledby="my-answer"
            value={response === 'needs_action' ? '' : response}
            onChange={(v) => answer.mutate(v as AttendeeResponse)}
            disabled={answer.isPending}
            data={[
              { value: 'accepted', label: t('form.accept') },
              { value: 'tentative', label: t('form.maybe') },
              { value: 'declined', label: t('form.decline') },
            ]}
          />
        </Stack>
      )}
      <Group justify="space-between" mt="xs">
        <Group gap="xs">
          <Button
            variant="subtle"
            leftSection={<IconDownload size={16} />}
            onClick={() => downloadIcs(event)}
          >
            {t('form.download')}
          </Button>
          {event.canEdit && awaitsOutcome(event) && (
            <Button
              variant="light"
              leftSection={<IconMessageCheck size={16} />}
              onClick={() => onOutcome(event)}
            >
              {t('outcome.give')}
            </Button>
          )}
        </Group>
        <Button variant="default" onClick={onClose}>
          {t('form.close')}
        </Button>
      </Group>
    </Stack>
  );
}
