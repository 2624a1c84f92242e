import { Alert, Badge, Button, Code, CopyButton, Group, List, Modal, Stack, Text } from '@mantine/core';
import {
  IconBrandApple,
  IconBrandGoogle,
  IconBrandWindows,
  IconCheck,
  IconCopy,
  IconRefresh,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarFeedDto, CreatedCalendarFeed } from '../../../shared/events.ts';
import { ApiError, api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';

const key = ['calendar-feed'];

/**
 * "Subscribe in Outlook, Google or Apple Calendar": create, replace or turn off the private feed address.
 * The address is shown once, right after it is made; afterwards only its last characters.
 */
export function CalendarFeedModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation('calendar');
  const qc = useQueryClient();
  const [fresh, setFresh] = useState<CreatedCalendarFeed | null>(null);
  const [confirming, setConfirming] = useState<'rotate' | 'revoke' | null>(null);
  const feed = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<CalendarFeedDto>('/calendar-feed', { signal }),
    enabled: opened,
  });
  const create = useMutation({
    mutationFn: () => api<CreatedCalendarFeed>('/calendar-feed', { method: 'POST' }),
    onSuccess: (created) => {
      setFresh(created);
      setConfirming(null);
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: () => api('/calendar-feed', { method: 'DELETE' }),
    onSuccess: () => {
      setFresh(null);
      setConfirming(null);
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const close = () => {
    setFresh(null);
    setConfirming(null);
    onClose();
  };
  const state = feed.data;
  const failure = create.error ?? revoke.error ?? feed.error;
  const lng = i18n.language;
  return (
    <Modal opened={opened} onClose={close} title={t('feed.title')} size="lg">
      <Stack gap="sm">
        <Text size="sm">{t('feed.intro')}</Text>
        <Text size="sm" c="dimmed">
          {t('feed.secret')}
        </Text>
        {failure && (
          <Alert color="red">{failure instanceof ApiError ? failure.message : String(failure)}</Alert>
        )}
        {fresh ? (
          <Stack gap="xs">
            <Alert color="teal" variant="light" title={t('feed.address')}>
              <Stack gap="xs">
                <Text size="sm">{t('feed.shownOnce')}</Text>
                <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="feed-url">
                  {fresh.url}
                </Code>
                <Group gap="xs">
                  <CopyButton value={fresh.url}>
                    {({ copied, copy }) => (
                      <Button
                        size="xs"
                        leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                        onClick={copy}
                      >
                        {copied ? t('feed.copied') : t('feed.copy')}
                      </Button>
                    )}
                  </CopyButton>
                  <Button
                    size="xs"
                    variant="light"
                    component="a"
                    href={fresh.webcalUrl}
                    leftSection={<IconBrandApple size={14} />}
                  >
                    {t('feed.openApple')}
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    component="a"
                    target="_blank"
                    rel="noopener noreferrer"
                    href={`https://calendar.google.com/calendar/r?cid=${encodeURIComponent(fresh.webcalUrl)}`}
                    leftSection={<IconBrandGoogle size={14} />}
                  >
                    {t('feed.openGoogle')}
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    component="a"
                    target="_blank"
                    rel="noopener noreferrer"
                    href={`https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(fresh.url)}&name=Rapport`}
                    leftSection={<IconBrandWindows size={14} />}
                  >
                    {t('feed.openOutlook')}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          </Stack>
        ) : state?.active ? (
          <Group gap="xs">
            <Badge color="teal" variant="light">
              {t('feed.active', { hint: state.tokenHint })}
            </Badge>
            <Text size="xs" c="dimmed">
              {t('feed.created', { when: formatDateTime(state.createdAt, lng) })} ·{' '}
              {state.lastUsedAt
                ? t('feed.lastUsed', { when: formatDateTime(state.lastUsedAt, lng) })
                : t('feed.neverUsed')}
            </Text>
          </Group>
        ) : (
          state && (
            <Text size="sm" fw={500}>
              {t('feed.none')}
            </Text>
          )
        )}
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('feed.howTo')}
          </Text>
          <List size="sm" spacing={4}>
            <List.Item icon={<IconBrandWindows size={14} />}>{t('feed.outlook')}</List.Item>
            <List.Item icon={<IconBrandGoogle size={14} />}>{t('feed.google')}</List.Item>
            <List.Item icon={<IconBrandApple size={14} />}>{t('feed.apple')}</List.Item>
          </List>
        </Stack>
        {confirming && (
          <Alert color="orange" variant="light">
            <Stack gap="xs">
              <Text size="sm">
                {confirming === 'rotate' ? t('feed.rotateConfirm') : t('feed.revokeConfirm')}
              </Text>
              <Group gap="xs">
                <Button
                  size="xs"
                  color={confirming === 'revoke' ? 'red' : 'orange'}
                  loading={create.isPending || revoke.isPending}
                  onClick={() => (confirming === 'rotate' ? create.mutate() : revoke.mutate())}
                >
                  {t('feed.confirm')}
                </Button>
                <Button size="xs" variant="default" onClick={() => setConfirming(null)}>
                  {t('form.cancel')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <Group justify="space-between" mt="xs">
          <Group gap="xs">
            {state?.active ? (
              <>
                <Button
                  variant="light"
                  leftSection={<IconRefresh size={16} />}
                  onClick={() => setConfirming('rotate')}
                >
                  {t('feed.rotate')}
                </Button>
                <Button variant="subtle" color="red" onClick={() => setConfirming('revoke')}>
                  {t('feed.revoke')}
                </Button>
              </>
            ) : (
              <Button onClick={() => create.mutate()} loading={create.isPending} disabled={!state}>
                {t('feed.create')}
              </Button>
            )}
          </Group>
          <Button variant="default" onClick={close}>
            {t('form.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
