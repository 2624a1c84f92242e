import { Alert, Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconPlayerPlay, IconTestPipe } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { DuplicatesTable } from './duplicates-table.tsx';
import { ErrorsTable } from './errors-table.tsx';
import { CountTiles } from './import-parts.tsx';
import type { StepProps } from './import-wizard-page.tsx';
import { useImportAction, useUpdateImport } from './use-imports.ts';

/** Step 4: the dry run — what the import would do, its duplicates (decided per row) and its errors. */
export function CheckStep({ dto, goTo, saving }: StepProps) {
  const { t, i18n } = useTranslation('imports');
  const navigate = useNavigate();
  const dryRun = useImportAction(dto.id, 'dry-run');
  const start = useImportAction(dto.id, 'start');
  const update = useUpdateImport(dto.id);
  const running = dto.status === 'dry_running';
  const result = running ? null : dto.dryRun;
  const n = (v: number) => formatNumber(v, i18n.language);

  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Text size="sm" maw={620}>
            {t('check.intro')}
          </Text>
          <Button
            variant={result ? 'default' : 'filled'}
            leftSection={<IconTestPipe size={16} />}
            onClick={() => dryRun.mutate()}
            loading={dryRun.isPending || running}
            disabled={saving || start.isPending}
          >
            {t(result ? 'check.again' : 'check.run')}
          </Button>
        </Group>
        {running && (
          <Stack gap={4} mt="md" aria-live="polite">
            <Text size="sm">
              {dto.stats.total > 0
                ? t('check.running', { done: n(dto.stats.rowsDone), total: n(dto.stats.total) })
                : t('check.starting')}
            </Text>
            <Progress
              value={dto.stats.total > 0 ? (100 * dto.stats.rowsDone) / dto.stats.total : 100}
              animated
              striped={dto.stats.total === 0}
              aria-label={t('check.progress')}
            />
          </Stack>
        )}
      </Paper>
      {result && (
        <>
          <CountTiles
            label={t('check.results')}
            items={[
              { key: 'created', label: t('check.wouldCreate'), value: result.created, color: 'teal' },
              { key: 'updated', label: t('check.wouldUpdate'), value: result.updated, color: 'blue' },
              { key: 'skipped', label: t('check.wouldSkip'), value: result.skipped, color: 'gray' },
              { key: 'failed', label: t('check.wouldFail'), value: result.failed, color: 'red' },
            ]}
          />
          {result.failed > 0 && !dto.settings.keepValidRows && (
            <Alert color="orange" role="status">
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Text size="sm">{t('check.strict', { failed: n(result.failed) })}</Text>
                <Button
                  size="xs"
                  color="orange"
                  variant="light"
                  loading={update.isPending}
                  onClick={() =>
                    // the server drops the dry run on any change of settings: run it again at once
                    update.mutate({ settings: { keepValidRows: true } }, { onSuccess: () => dryRun.mutate() })
                  }
                >
                  {t('check.keepValid')}
                </Button>
              </Group>
            </Alert>
          )}
          <DuplicatesTable dto={dto} />
          <ErrorsTable
            importId={dto.id}
            entity={dto.entity}
            dryRun
            count={result.failed}
            stamp={`${dto.status}:${result.total}:${result.failed}`}
          />
        </>
      )}
      <Group justify="space-between" wrap="wrap">
        <Button variant="default" onClick={() => void goTo('options')} disabled={running || saving}>
          {t('back.options')}
        </Button>
        <Group gap="sm">
          {!result && !running && (
            <Text size="xs" c="dimmed">
              {t('check.startHint')}
            </Text>
          )}
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            variant={result ? 'filled' : 'light'}
            onClick={() =>
              start.mutate(undefined, {
                onSuccess: () => void navigate({ to: `/imports/${dto.id}`, search: { step: 'import' } }),
              })
            }
            loading={start.isPending}
            disabled={running || saving}
          >
            {t('check.start')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
