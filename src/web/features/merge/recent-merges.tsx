import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowBackUp } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { loserNames, pathOf, useMergeActions, useRecentMerges } from './use-merge.ts';

/** The latest merges, each with Undo while it can still be undone. */
export function RecentMerges() {
  const { t, i18n } = useTranslation('merge');
  const q = useRecentMerges();
  const { undo } = useMergeActions();
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const merges = q.data?.data ?? [];
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h4" mb="sm">
        {t('recent')}
      </Title>
      {merges.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('recentEmpty')}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {merges.map((m) => {
            const moved = m.moved.reduce((n, x) => n + x.count, 0);
            return (
              <Group key={m.id} component="li" justify="space-between" wrap="nowrap" gap="sm">
                <div>
                  <Text size="sm">
                    {loserNames(m)} →{' '}
                    <Anchor component={Link} to={`/${pathOf(m.entity)}/${m.survivorId}`} size="sm" fw={600}>
                      {m.survivorName}
                    </Anchor>
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(m.createdAt, i18n.language)}
                    {m.actorName && ` · ${t('by', { name: m.actorName })}`}
                    {moved > 0 && ` · ${t('movedCount', { count: moved })}`}
                  </Text>
                </div>
                {m.undoneAt ? (
                  <Badge variant="light" color="gray">
                    {t('undone')}
                  </Badge>
                ) : (
                  canWrite && (
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconArrowBackUp size={14} />}
                      aria-label={t('undoLabel', { loser: loserNames(m), survivor: m.survivorName })}
                      loading={undo.isPending && undo.variables === m.id}
                      onClick={() => undo.mutate(m.id)}
                    >
                      {t('undo')}
                    </Button>
                  )
                )}
              </Group>
            );
          })}
        </Stack>
      )}
    </Paper>
  );
}
