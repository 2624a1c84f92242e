import { Button, FileButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileImport } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { EventDto } from '../../../shared/events.ts';
import { ApiError, api } from '../../lib/api.ts';
import { useRefreshEvents } from './use-events.ts';

const MAX_BYTES = 1_000_000;

/**
 * Import one event from an .ics file (an invitation saved from Outlook, Google or Apple Calendar, or a
 * Rapport export). Times without a zone are read in the browser's zone; the same UID updates the event.
 */
export function ImportIcsButton({ onImported }: { onImported: (e: EventDto) => void }) {
  const { t } = useTranslation('calendar');
  const refresh = useRefreshEvents();
  const run = useMutation({
    mutationFn: async (file: File) => {
      if (file.size > MAX_BYTES) throw new Error(t('importIcs.failed'));
      return api<{ created: boolean; event: EventDto }>('/events/import', {
        method: 'POST',
        body: { ics: await file.text(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
      });
    },
    onSuccess: ({ created, event }) => {
      notifications.show({
        color: 'teal',
        message: t(created ? 'importIcs.created' : 'importIcs.updated', { title: event.title }),
      });
      refresh();
      onImported(event);
    },
    onError: (err) =>
      notifications.show({
        color: 'red',
        title: t('importIcs.failed'),
        message:
          err instanceof ApiError ? (err.errors[0]?.message ?? err.message) : String((err as Error).message),
      }),
  });
  return (
    <FileButton onChange={(file) => file && run.mutate(file)} accept=".ics,text/calendar">
      {(props) => (
        <Button
          {...props}
          variant="default"
          leftSection={<IconFileImport size={16} />}
          loading={run.isPending}
        >
          {t('importIcs.button')}
        </Button>
      )}
    </FileButton>
  );
}
