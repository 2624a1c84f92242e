import {
  Alert,
  Center,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lifecycleStages } from '../../../shared/crm.ts';
import type { FlowDto } from '../../../shared/journey.ts';
import { api, qs } from '../../lib/api.ts';
import { formatNumber } from '../../lib/format.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useUsers } from '../records/use-users.ts';
import type { SankeyLink, SankeyNode } from './sankey-chart.tsx';

const SankeyDiagram = lazy(() => import('./sankey-chart.tsx').then((m) => ({ default: m.SankeyDiagram })));

const touchpointColor: Record<string, string> = {
  sales: '#12b886',
  marketing: '#228be6',
  service: '#fd7e14',
  shop: '#e64980',
  accounting: '#fab005',
  after_sales: '#7950f2',
  web: '#15aabf',
};

/** /journey — how customers move between touchpoints, computed in the database for the chosen scope. */
export function JourneyFlowPage() {
  const { t, i18n } = useTranslation('journey');
  const { t: tt } = useTranslation('timeline');
  const { t: tc } = useTranslation();
  const message = useErrorMessage();
  const { users } = useUsers();
  usePageTitle(t('title'));
  const [days, setDays] = useState('365');
  const [stage, setStage] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const [owner, setOwner] = useState<string | null>(null);
  const from = useMemo(() => new Date(Date.now() - Number(days) * 86_400_000).toISOString(), [days]);
  const q = useQuery({
    queryKey: ['journey', 'flow', days, stage, tag.trim(), owner],
    queryFn: ({ signal }) =>
      api<FlowDto>(
        `/journey/flow${qs({ from, lifecycleStage: stage, tag: tag.trim() || null, ownerId: owner })}`,
        { signal },
      ),
    placeholderData: (prev) => prev,
  });
  const nodeLabel = useCallback(
    (name: string) => {
      if (name === 'purchase') return t('purchase');
      const [step, tp] = name.split(':');
      return `${tt(`touchpoint.${tp}`)} (${t('step', { n: step })})`;
    },
    [t, tt],
  );
  const { nodes, links } = useMemo(() => {
    const data = q.data?.links ?? [];
    const names = new Set(data.flatMap((l) => [l.from, l.to]));
    const nodes: SankeyNode[] = [...names].map((name) => ({
      name,
      label: nodeLabel(name),
      color: name === 'purchase' ? '#2f9e44' : (touchpointColor[name.split(':')[1]!] ?? '#868e96'),
    }));
    const links: SankeyLink[] = data.map((l) => ({ source: l.from, target: l.to, value: l.contacts }));
    return { nodes, links };
  }, [q.data, nodeLabel]);
  const rate = q.data?.contacts
    ? new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 }).format(
        q.data.purchased / q.data.contacts,
      )
    : '–';
  return (
    <Stack gap="md" maw={1280}>
      <Title order={1}>{t('title')}</Title>
      <Text c="dimmed" size="sm" maw={760}>
        {t('intro')}
      </Text>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('period')}
          data={(['90', '365', '1095'] as const).map((d) => ({ value: d, label: t(`periods.${d}`) }))}
          value={days}
          onChange={(v) => v && setDays(v)}
          allowDeselect={false}
          w={180}
        />
        <Select
          label={t('lifecycleStage')}
          placeholder={t('any')}
          data={lifecycleStages.map((s) => ({ value: s, label: tc(`lifecycle.${s}`) }))}
          value={stage}
          onChange={setStage}
          clearable
          w={200}
        />
        <TextInput
          label={t('tag')}
          placeholder={t('any')}
          value={tag}
          onChange={(e) => setTag(e.currentTarget.value)}
          w={160}
        />
        <Select
          label={t('owner')}
          placeholder={t('any')}
          data={users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name || u.email }))}
          value={owner}
          onChange={setOwner}
          clearable
          searchable
          w={220}
        />
      </Group>
      {q.isError ? (
        <Alert color="red">{message(q.error)}</Alert>
      ) : !q.data ? (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      ) : (
        <>
          <Text size="sm" fw={500}>
            {t('summary', {
              count: q.data.contacts,
              contacts: formatNumber(q.data.contacts, i18n.language),
              purchased: formatNumber(q.data.purchased, i18n.language),
              rate,
            })}
          </Text>
          {links.length === 0 ? (
            <Text c="dimmed">{t('noFlow')}</Text>
          ) : (
            <Paper withBorder radius="md" p="sm">
              <Suspense
                fallback={
                  <Center h={420}>
                    <Loader size="sm" />
                  </Center>
                }
              >
                <SankeyDiagram nodes={nodes} links={links} label={t('title')} />
              </Suspense>
            </Paper>
          )}
          {links.length > 0 && (
            <Table striped withTableBorder aria-label={t('transitions')} maw={760}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('from')}</Table.Th>
                  <Table.Th>{t('to')}</Table.Th>
                  <Table.Th ta="right">{t('customers')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.links.slice(0, 15).map((l) => (
                  <Table.Tr key={`${l.from}>${l.to}`}>
                    <Table.Td>{nodeLabel(l.from)}</Table.Td>
                    <Table.Td>{nodeLabel(l.to)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(l.contacts, i18n.language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Stack>
  );
}
