import { Alert, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight, IconCircleCheck, IconPlayerStop, IconPlus } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { type ImportDto, isPartyEntity } from '../../../shared/imports.ts';
import { formatNumber } from '../../lib/format.ts';
import { ErrorsTable } from './errors-table.tsx';
import { CountTiles, formatDuration } from './import-parts.tsx';
import { canShowImported, useShowImported } from './show-imported.ts';
import { UndoButton } from './undo-button.tsx';
import { useImportAction } from './use-imports.ts';

/** The progress bar while the server imports (or undoes): rows done of total, speed, time left. */
function RunProgress({ dto }: { dto: ImportDto }) {
  const { t, i18n } = useTranslation('imports');
  const cancel = useImportAction(dto.id, 'cancel');
  const lng = i18n.language;
  const { total, rowsDone, rowsPerSecond, etaSeconds } = dto.stats;
  const percent = total > 0 ? Math.min(100, (100 * rowsDone) / total) : 0;
  const undoing = dto.status === 'undoing';
  const details = [
    total > 0 ? t('run.rows', { done: formatNumber(rowsDone, lng), total: formatNumber(total, lng) }) : null,
    rowsPerSecond ? t('run.rate', { rate: formatNumber(Math.round(rowsPerSecond), lng) }) : null,
    etaSeconds !== null && etaSeconds > 0 ? t('run.eta', { time: formatDuration(etaSeconds, lng) }) : null,
  ].filter(Boolean);
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t(undoing ? 'undo.running' : dto.status === 'queued' ? 'run.queued' : 'run.running')}
        </Title>
        <Progress
          value={dto.status === 'queued' ? 100 : percent}
          size="xl"
          radius="md"
          animated
          striped={dto.status === 'queued'}
          aria-label={t('run.progress')}
          aria-valuetext={details.join(' · ') || undefined}
        />
        <Group justify="space-between" wrap="wrap">
          <Text size="sm" c="dimmed" aria-live="polite">
            {details.join(' · ')}
          </Text>
          {!undoing && (
            <Button
              variant="default"
              color="red"
              size="xs"
              leftSection={<IconPlayerStop size={14} />}
              loading={cancel.isPending}
              onClick={() => cancel.mutate()}
            >
              {t('run.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** Step 5: progress while it runs, then what it did, its errors, the records, and Undo. */
export function RunStep({ dto }: { dto: ImportDto }) {
  const { t } = useTranslation('imports');
  const showImported = useShowImported();
  const s = dto.stats;
  if (dto.status === 'queued' || dto.status === 'running' || dto.status === 'undoing')
    return <RunProgress dto={dto} />;

  const headline = {
    done: 'run.done',
    failed: 'run.failed',
    cancelled: 'run.cancelled',
    undone: 'undo.done',
  }[dto.status as 'done' | 'failed' | 'cancelled' | 'undone'];
  const tag = isPartyEntity(dto.entity) ? dto.settings.tags[0] : undefined;
  return (
    <Stack gap="md">
      <Alert
        color={dto.status === 'done' ? 'teal' : dto.status === 'failed' ? 'red' : 'gray'}
        icon={<IconCircleCheck />}
        title={t(headline ?? 'run.done')}
        role="status"
      >
        {/* Rows stopped it: the localised hint points at the report (the server's `error` is English). */}
        {dto.status === 'failed' && dto.errorCount > 0
          ? t('run.failedHint')
          : (dto.error ?? (dto.status === 'undone' ? t('undo.doneHint') : t(`run.${dto.status}Hint`)))}
      </Alert>
      <CountTiles
        label={t('run.results')}
        items={[
          { key: 'created', label: t('run.created'), value: s.created, color: 'teal' },
          { key: 'updated', label: t('run.updated'), value: s.updated, color: 'blue' },
          { key: 'skipped', label: t('run.skipped'), value: s.skipped, color: 'gray' },
          { key: 'failed', label: t('run.failedRows'), value: s.failed, color: 'red' },
        ]}
      />
      {s.undo && (
        <CountTiles
          label={t('undo.results')}
          items={[
            { key: 'removed', label: t('undo.removed'), value: s.undo.removed, color: 'violet' },
            { key: 'restored', label: t('undo.restored'), value: s.undo.restored, color: 'violet' },
            {
              key: 'conflicts',
              label: t('undo.conflicts'),
              value: s.undo.conflicts,
              color: 'orange',
              hint: t('undo.conflictsHint'),
            },
          ]}
        />
      )}
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm">
          {dto.status === 'done' && canShowImported(dto.entity) && (
            <Button rightSection={<IconArrowRight size={16} />} onClick={() => showImported(dto.entity, tag)}>
              {t(tag ? `run.showTagged_${dto.entity}` : `run.show_${dto.entity}`, { tag })}
            </Button>
          )}
          <Button
            component={Link}
            to="/imports/new"
            search={{ entity: dto.entity } as never}
            variant="default"
            leftSection={<IconPlus size={16} />}
          >
            {t('new')}
          </Button>
        </Group>
        {/* A cancelled import keeps the rows it wrote until then; those can be taken back too. */}
        {(dto.status === 'done' || (dto.status === 'cancelled' && s.rowsDone > 0)) && (
          <UndoButton importId={dto.id} entity={dto.entity} stats={s} fileName={dto.fileName} />
        )}
      </Group>
      {dto.status !== 'undone' && (
        <ErrorsTable
          importId={dto.id}
          entity={dto.entity}
          dryRun={false}
          count={dto.errorCount}
          stamp={`${dto.status}:${dto.errorCount}`}
        />
      )}
    </Stack>
  );
}
