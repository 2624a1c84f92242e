import {
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsJoin, IconRefresh, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DuplicatePair,
  type DuplicateReason,
  MERGE_MAX_RECORDS,
  type MergeEntity,
} from '../../../shared/merge.ts';
import { relativeTime } from '../../lib/relative-time.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { RecentMerges } from './recent-merges.tsx';
import { pathOf, useDuplicates, useMergeActions, useRefreshJob } from './use-merge.ts';

export type DuplicatesSearch = { tab?: MergeEntity };

/** A reason in the user's language: "Same e-mail a@b.dk", "Similar name (0.82) + same company". */
export function useReasonText() {
  const { t, i18n } = useTranslation('merge');
  return (r: DuplicateReason) =>
    'value' in r
      ? t(`reason.${r.kind}`, { value: r.value })
      : t(`reason.${r.kind}`, {
          similarity: new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(r.similarity),
        });
}

/** A bar down the left edge ties a cluster's header to its pairs. */
const clusterMark = { boxShadow: 'inset 4px 0 0 var(--mantine-color-blue-5)' };
const scoreColor = (s: number) => (s >= 90 ? 'red' : s >= 75 ? 'orange' : 'yellow');

/** A cluster's records, oldest first (the oldest is kept by default: it usually has the longest history). */
function clusterRecords(rows: DuplicatePair[], clusterId: string) {
  const byId = new Map<string, DuplicatePair['a']>();
  for (const p of rows) if (p.cluster.id === clusterId) for (const x of [p.a, p.b]) byId.set(x.id, x);
  return [...byId.values()].sort(
    (x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id),
  );
}

/**
 * The refresh runs as a background job: the one this page queued, or one already queued or running (by the
 * daily sweep or someone else), polled until it ends; then the list reloads.
 */
function useRefreshing(entity: MergeEntity, listed: string | undefined) {
  const { t } = useTranslation('merge');
  const qc = useQueryClient();
  const { refresh } = useMergeActions();
  const [queued, setQueued] = useState<string>();
  const jobId = queued ?? listed;
  const job = useRefreshJob(jobId);
  const status = job.data?.status;
  useEffect(() => {
    if (!jobId || !status || status === 'queued' || status === 'running') return;
    void qc.invalidateQueries({ queryKey: ['duplicates'] });
    if (queued === jobId) {
      if (status === 'done')
        notifications.show({ message: t('refreshDone', { count: job.data?.result?.pairs ?? 0 }) });
      else notifications.show({ color: 'red', message: t('refreshFailed') });
    }
    setQueued(undefined);
  }, [jobId, status, queued, qc, t, job.data]);
  const running =
    refresh.isPending || Boolean(jobId && (!status || status === 'queued' || status === 'running'));
  const start = () =>
    refresh.mutate(entity, {
      onSuccess: (j) => setQueued(j.id),
    });
  return { running, start };
}

/** /duplicates — possible duplicates of contacts and companies, highest score first; recent merges below. */
export function DuplicatesPage() {
  const { t, i18n } = useTranslation('merge');
  usePageTitle(t('title'));
  const search = useSearch({ strict: false }) as DuplicatesSearch;
  const navigate = useNavigate();
  const entity: MergeEntity = search.tab ?? 'contact';
  const list = useDuplicates(entity);
  const { dismiss } = useMergeActions();
  const errorMessage = useErrorMessage();
  const reasonText = useReasonText();
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const refreshedAt = list.data?.pages[0]?.refreshedAt ?? null;
  const refreshing = useRefreshing(entity, list.data?.pages[0]?.refreshing?.id);
  // The older record is kept by default: it usually carries the longer history.
  const openMerge = (p: DuplicatePair) => {
    const [keep, other] = p.a.createdAt <= p.b.createdAt ? [p.a, p.b] : [p.b, p.a];
    void navigate({ to: '/duplicates/merge', search: { entity, keep: keep.id, other: other.id } });
  };
  const openClusterMerge = (clusterId: string) => {
    const ids = clusterRecords(rows, clusterId).map((x) => x.id);
    void navigate({ to: '/duplicates/merge-all', search: { entity, ids: ids.join(','), keep: ids[0] } });
  };

  return (
    <Stack gap="lg" maw={1280}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            {t('title')}
          </Title>
          <Text c="dimmed" size="sm" maw={720}>
            {t('intro')}
          </Text>
        </div>
        <Group gap="sm">
          <Text size="sm" c="dimmed" role="status">
            {refreshing.running
              ? t('refreshing')
              : refreshedAt
                ? t('refreshedAt', { when: relativeTime(refreshedAt, i18n.language) })
                : t('neverRefreshed')}
          </Text>
          {canWrite && (
            <Button
              variant="default"
              leftSection={refreshing.running ? <Loader size={14} /> : <IconRefresh size={16} />}
              disabled={refreshing.running}
              onClick={refreshing.start}
            >
              {refreshing.running ? t('refreshingButton') : t('refresh')}
            </Button>
          )}
        </Group>
      </Group>
      <Tabs
        value={entity}
        onChange={(v) => v && void navigate({ to: '/duplicates', search: { tab: v as MergeEntity } })}
      >
        <Tabs.List>
          <Tabs.Tab value="contact">{t('tabs.contact')}</Tabs.Tab>
          <Tabs.Tab value="company">{t('tabs.company')}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <Paper withBorder radius="md">
        {list.isPending ? (
          <Center p="xl">
            <Loader size="sm" />
          </Center>
        ) : list.error ? (
          <Text c="red" p="lg">
            {errorMessage(list.error)}
          </Text>
        ) : rows.length === 0 ? (
          <Stack p="xl" align="center" gap={4}>
            <Text fw={600}>{t('empty')}</Text>
            <Text size="sm" c="dimmed" ta="center">
              {t('emptyHint')}
            </Text>
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="sm" highlightOnHover aria-label={t('title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>{t('score')}</Table.Th>
                  <Table.Th>{t('pair')}</Table.Th>
                  <Table.Th>{t('reasons')}</Table.Th>
                  {canWrite && <Table.Th aria-label={t('actions')} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((p, i) => {
                  // The records still listed (a merge since the refresh may have taken some out).
                  const size = p.cluster.size > 2 ? clusterRecords(rows, p.cluster.id).length : 2;
                  return (
                    <Fragment key={`${p.a.id}:${p.b.id}`}>
                      {p.cluster.size > 2 && rows[i - 1]?.cluster.id !== p.cluster.id && (
                        <Table.Tr bg="var(--mantine-color-default-hover)">
                          <Table.Td colSpan={canWrite ? 4 : 3} style={clusterMark}>
                            <Group justify="space-between" wrap="nowrap" gap="sm">
                              <Text size="sm" fw={600}>
                                {t('cluster', { count: size })}
                              </Text>
                              {canWrite && size > 2 && size <= MERGE_MAX_RECORDS && (
                                <Button
                                  size="xs"
                                  variant="light"
                                  leftSection={<IconArrowsJoin size={14} />}
                                  aria-label={t('mergeAllLabel', { count: size })}
                                  onClick={() => openClusterMerge(p.cluster.id)}
                                >
                                  {t('mergeAll', { count: size })}
                                </Button>
                              )}
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      )}
                      <Table.Tr>
                        <Table.Td style={p.cluster.size > 2 ? clusterMark : undefined}>
                          <Badge color={scoreColor(p.score)} variant="light" size="lg">
                            {p.score}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Stack gap={4}>
                            {[p.a, p.b].map((side) => (
                              <div key={side.id}>
                                <Anchor
                                  component={Link}
                                  to={`/${pathOf(entity)}/${side.id}`}
                                  fw={600}
                                  size="sm"
                                >
                                  {side.name}
                                </Anchor>
                                {side.detail && (
                                  <Text span size="xs" c="dimmed" ml="xs">
                                    {side.detail}
                                  </Text>
                                )}
                              </div>
                            ))}
                          </Stack>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={6}>
                            {p.reasons.map((r) => (
                              <Badge
                                key={JSON.stringify(r)}
                                variant="outline"
                                color="gray"
                                tt="none"
                                title={reasonText(r)}
                              >
                                {reasonText(r)}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                        {canWrite && (
                          <Table.Td>
                            <Group gap="xs" justify="flex-end" wrap="nowrap">
                              <Button
                                size="xs"
                                leftSection={<IconArrowsJoin size={14} />}
                                aria-label={t('mergePairLabel', { a: p.a.name, b: p.b.name })}
                                onClick={() => openMerge(p)}
                              >
                                {t('mergePair')}
                              </Button>
                              <Button
                                size="xs"
                                variant="default"
                                leftSection={<IconX size={14} />}
                                aria-label={t('notDuplicateLabel', { a: p.a.name, b: p.b.name })}
                                loading={dismiss.isPending && dismiss.variables?.aId === p.a.id}
                                onClick={() => dismiss.mutate({ entity, aId: p.a.id, bId: p.b.id })}
                              >
                                {t('notDuplicate')}
                              </Button>
                            </Group>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {list.hasNextPage && (
          <Center p="sm">
            <Button
              variant="subtle"
              loading={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              {t('loadMore')}
            </Button>
          </Center>
        )}
      </Paper>
      <RecentMerges />
    </Stack>
  );
}
