import { Alert, Anchor, Badge, Button, Center, Loader, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { PipelineDto } from '../../../shared/deals.ts';
import { api, qs } from '../../lib/api.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { stageLabel } from './stage-label.ts';
import { type DealPage, dealKeys } from './use-deals.ts';

export const statusColor = { open: 'indigo', won: 'green', lost: 'red' } as const;

/** The list view: the pipeline's deals newest first, searched by title, page by page (keyset). */
export function DealList({
  pipeline,
  q,
  mine,
}: {
  pipeline: PipelineDto | undefined;
  q: string;
  mine: boolean;
}) {
  const { t, i18n } = useTranslation('deals');
  const message = useErrorMessage();
  const params = { pipelineId: pipeline?.id, q: q || undefined, ownerId: mine ? 'me' : undefined };
  const list = useInfiniteQuery({
    queryKey: dealKeys.list(params),
    queryFn: ({ pageParam, signal }) =>
      api<DealPage>(`/deals${qs({ ...params, limit: 50, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(pipeline),
  });
  const stages = new Map(pipeline?.stages.map((s) => [s.id, s]) ?? []);
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  if (list.isError) return <Alert color="red">{message(list.error)}</Alert>;
  if (list.isPending)
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  if (!rows.length)
    return (
      <Text c="dimmed" ta="center" py="xl">
        {q ? t('noMatch') : t('noDeals')}
      </Text>
    );
  return (
    <>
      <Table.ScrollContainer minWidth={800}>
        <Table highlightOnHover verticalSpacing="xs" aria-label={t('views.list')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.title')}</Table.Th>
              <Table.Th>{t('fields.customer')}</Table.Th>
              <Table.Th>{t('fields.stage')}</Table.Th>
              <Table.Th ta="right">{t('fields.amount')}</Table.Th>
              <Table.Th>{t('fields.expectedCloseOn')}</Table.Th>
              <Table.Th>{t('fields.owner')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/deals/${d.id}`} size="sm" fw={500}>
                    {d.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" truncate maw={260}>
                    {[d.companyName, d.contactName].filter(Boolean).join(' · ') || '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={statusColor[d.status]} size="sm">
                    {stageLabel(stages.get(d.stageId)?.labels, i18n.language)}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatMoney({ amount: d.amount, currency: d.currency }, i18n.language)}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatDate(d.expectedCloseOn, i18n.language)}
                </Table.Td>
                <Table.Td>{d.ownerName ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.hasNextPage && (
        <Center>
          <Button variant="subtle" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
            …
          </Button>
        </Center>
      )}
    </>
  );
}
