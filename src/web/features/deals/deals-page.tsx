import {
  Alert,
  Button,
  Center,
  Group,
  Kbd,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useLocalStorage } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useSession } from '../../lib/session.ts';
import { ExportButton } from '../exports/export-button.tsx';
import { ImportButton } from '../imports/import-button.tsx';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useShortcuts } from '../records/use-shortcuts.ts';
import { DealBoard } from './deal-board.tsx';
import { DealForecast } from './deal-forecast.tsx';
import { DealFormModal } from './deal-form-modal.tsx';
import { DealList } from './deal-list.tsx';
import { dealKeys, useBoard, usePipelines } from './use-deals.ts';

const views = ['board', 'list', 'forecast'] as const;
type View = (typeof views)[number];

/**
 * /deals: the pipeline as a Kanban board (default), as a list, or as the weighted forecast. Keyboard: `n`
 * starts a new deal, `/` jumps to the search (which switches to the list).
 */
export function DealsPage() {
  const { t } = useTranslation('deals');
  const message = useErrorMessage();
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const [view, setView] = useLocalStorage<View>({ key: 'rapport.deals.view', defaultValue: 'board' });
  const current: View = views.includes(view) ? view : 'board';
  const [pipelineChoice, setPipeline] = useLocalStorage<string | null>({
    key: 'rapport.deals.pipeline',
    defaultValue: null,
  });
  const [mine, setMine] = useLocalStorage<boolean>({ key: 'rapport.deals.mine', defaultValue: false });
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  usePageTitle(t('title'));

  const pipelines = usePipelines();
  const all = pipelines.data?.data ?? [];
  const pipeline = all.find((p) => p.id === pipelineChoice) ?? all.find((p) => p.isDefault) ?? all[0];
  const pipelineId = pipeline?.id ?? null;
  const board = useBoard(pipelineId, mine);

  useShortcuts({
    n: () => canWrite && setCreating(true),
    '/': () => {
      if (current === 'forecast') setView('list');
      setTimeout(() => searchRef.current?.focus(), 0);
    },
  });

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <Group gap="sm" wrap="nowrap">
          <ExportButton
            entity="deals"
            query={{ pipelineId: pipeline?.id, q: q || undefined, ownerId: mine ? 'me' : undefined }}
          />
          <ImportButton entity="deals" />
          {canWrite && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setCreating(true)}
              aria-label={t('newDeal')}
              aria-keyshortcuts="n"
            >
              {t('newDeal')}
              <Kbd ml={8} size="xs">
                n
              </Kbd>
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="sm" wrap="wrap" align="center">
        <SegmentedControl
          aria-label={t('viewLabel')}
          value={current}
          onChange={(v) => setView(v as View)}
          data={views.map((v) => ({ value: v, label: t(`views.${v}`) }))}
        />
        {all.length > 1 && (
          <Select
            aria-label={t('pipeline')}
            data={all.map((p) => ({ value: p.id, label: p.name }))}
            value={pipelineId}
            onChange={(v) => setPipeline(v)}
            allowDeselect={false}
            w={200}
          />
        )}
        {current !== 'forecast' && (
          <TextInput
            ref={searchRef}
            aria-label={t('search')}
            aria-keyshortcuts="/"
            placeholder={t('search')}
            leftSection={<IconSearch size={14} />}
            rightSection={<Kbd size="xs">/</Kbd>}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              if (current === 'board' && e.currentTarget.value) setView('list');
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setSearch('');
                e.currentTarget.blur();
              }
            }}
            w={240}
          />
        )}
        <Switch label={t('onlyMine')} checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
      </Group>
      {pipelines.isError ? (
        <Alert color="red">{message(pipelines.error)}</Alert>
      ) : current === 'forecast' ? (
        <DealForecast pipelineId={pipelineId} mine={mine} />
      ) : current === 'list' ? (
        <DealList pipeline={pipeline} q={q} mine={mine} />
      ) : board.isError ? (
        <Alert color="red">{message(board.error)}</Alert>
      ) : !board.data ? (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      ) : (
        <DealBoard board={board.data} boardKey={dealKeys.board(pipelineId, mine)} canWrite={canWrite} />
      )}
      <DealFormModal opened={creating} onClose={() => setCreating(false)} pipelineId={pipelineId} />
    </Stack>
  );
}
