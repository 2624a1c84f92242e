import { Alert, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconMessageCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { EventDto } from '../../../shared/events.ts';
import { relativeTime } from '../../lib/relative-time.ts';
import { useAwaitingOutcome } from './use-events.ts';

/** The prompt above the calendar: past meetings ask for their outcome. */
export function OutcomePrompt({ onGive }: { onGive: (e: EventDto) => void }) {
  const { t } = useTranslation('calendar');
  const q = useAwaitingOutcome();
  const list = q.data?.data ?? [];
  if (!list.length) return null;
  const first = list[0]!;
  return (
    <Alert color="yellow" variant="light" icon={<IconMessageCheck size={18} />} role="status">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{t('outcome.prompt', { count: list.length, title: first.title })}</Text>
        <Button
          size="xs"
          variant="white"
          color="yellow"
          onClick={() => onGive(first)}
          style={{ flexShrink: 0 }}
        >
          {t('outcome.give')}
        </Button>
      </Group>
    </Alert>
  );
}

/** "Awaiting outcome": my meetings and calls that are over, newest first, each with its "Log outcome". */
export function AwaitingOutcomeList({
  onGive,
  onOpen,
}: {
  onGive: (e: EventDto) => void;
  onOpen: (e: EventDto) => void;
}) {
  const { t, i18n } = useTranslation('calendar');
  const q = useAwaitingOutcome();
  const list = q.data?.data ?? [];
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="awaiting-outcome-title">
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm" id="awaiting-outcome-title">
          {t('outcome.listTitle')}
        </Text>
        {list.length > 0 && (
          <Badge color="yellow" variant="light">
            {list.length}
          </Badge>
        )}
      </Group>
      {list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('outcome.empty')}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {list.slice(0, 8).map((e) => (
            <li key={e.id}>
              <Stack gap={2}>
                <Text
                  size="sm"
                  fw={500}
                  truncate
                  component="button"
                  type="button"
                  onClick={() => onOpen(e)}
                  style={{
                    background: 'none',
                    border: 0,
                    padding: 0,
                    textAlign: 'left',
                    cursor: 'pointer',
                    color: 'inherit',
                  }}
                >
                  {e.title}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {[
                    e.contactName ?? e.attendees.find((a) => a.contactId)?.name ?? e.companyName,
                    relativeTime(e.endsAt, i18n.language),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
                <Button
                  size="compact-xs"
                  variant="light"
                  onClick={() => onGive(e)}
                  aria-label={`${t('outcome.give')}: ${e.title}`}
                  style={{ alignSelf: 'flex-start' }}
                >
                  {t('outcome.give')}
                </Button>
              </Stack>
            </li>
          ))}
        </Stack>
      )}
    </Card>
  );
}
