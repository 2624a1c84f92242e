import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventDto } from '../../../shared/events.ts';
import { type InteractionDto, touchpoints } from '../../../shared/interactions.ts';
import { plainToRichText } from '../../components/rich-text.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { formatEventTime } from './event-format.ts';
import { patchEvent, useRefreshEvents } from './use-events.ts';

/**
 * "How did it go?" for a past meeting or call: the outcome becomes an interaction on the customer's
 * timeline. "Did not take place" cancels the event instead, so it stops asking.
 */
export function OutcomeModal({ event, onClose }: { event: EventDto | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('calendar');
  const { t: tl } = useTranslation('timeline');
  const refresh = useRefreshEvents();
  const [outcome, setOutcome] = useState('');
  const [notes, setNotes] = useState('');
  const [touchpoint, setTouchpoint] = useState<string | null>('sales');
  const [minutes, setMinutes] = useState<number | string>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!event) return;
    setOutcome('');
    setNotes('');
    setTouchpoint('sales');
    setErrors({});
    setMinutes(
      event.allDay ? '' : Math.round((Date.parse(event.endsAt) - Date.parse(event.startsAt)) / 60_000),
    );
  }, [event]);
  const customer =
    event?.contactName ?? event?.attendees.find((a) => a.contactId)?.name ?? event?.companyName ?? '';
  const save = useMutation({
    mutationFn: () =>
      api<{ event: EventDto; interaction: InteractionDto }>(`/events/${event!.id}/outcome`, {
        method: 'POST',
        body: {
          outcome: outcome.trim(),
          notes: notes.trim() ? plainToRichText(notes) : null,
          touchpoint,
          durationMinutes: minutes === '' ? null : Number(minutes),
        },
      }),
    onSuccess: ({ interaction }) => {
      notifications.show({
        color: 'teal',
        message: t('outcome.logged', {
          name: interaction.contactName ?? interaction.companyName ?? customer,
        }),
      });
      refresh({ timelines: true });
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
    },
  });
  const cancel = useMutation({
    mutationFn: () => patchEvent(event!, { status: 'cancelled' }),
    onSuccess: () => {
      refresh();
      onClose();
    },
  });
  const failure = save.error ?? cancel.error;
  const problem =
    failure instanceof ApiError && !failure.errors.length
      ? failure.message
      : failure
        ? String(failure)
        : null;
  return (
    <Modal opened={event !== null} onClose={onClose} title={t('outcome.title')} size="lg">
      {event && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              save.mutate();
            }
          }}
        >
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('outcome.subtitle', { title: event.title, when: formatEventTime(event, i18n.language) })}
              {customer ? ` · ${customer}` : ''}
            </Text>
            {problem && <Alert color="red">{problem}</Alert>}
            <TextInput
              label={t('outcome.outcome')}
              placeholder={t('outcome.outcomePlaceholder')}
              value={outcome}
              onChange={(e) => setOutcome(e.currentTarget.value)}
              maxLength={200}
              required
              error={errors.outcome}
              data-autofocus
            />
            <Textarea
              label={t('outcome.notes')}
              placeholder={t('outcome.notesPlaceholder')}
              value={notes}
              onChange={(e) => setNotes(e.currentTarget.value)}
              autosize
              minRows={3}
              maxRows={10}
              error={errors.notes}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select
                label={t('outcome.touchpoint')}
                data={touchpoints.map((tp) => ({ value: tp, label: tl(`touchpoint.${tp}`) }))}
                value={touchpoint}
                onChange={setTouchpoint}
                clearable
              />
              <NumberInput
                label={t('outcome.duration')}
                value={minutes}
                onChange={setMinutes}
                min={0}
                max={10_080}
                allowDecimal={false}
                error={errors.durationMinutes}
              />
            </SimpleGrid>
            <Group justify="space-between" mt="xs">
              <Button
                variant="subtle"
                color="gray"
                onClick={() => cancel.mutate()}
                loading={cancel.isPending}
              >
                {t('outcome.didNotHappen')}
              </Button>
              <Group gap="xs">
                <Button variant="default" onClick={onClose}>
                  {t('form.cancel')}
                </Button>
                <Button type="submit" loading={save.isPending}>
                  {t('outcome.save')}
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
