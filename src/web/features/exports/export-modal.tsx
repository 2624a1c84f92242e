import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  Progress,
  ScrollArea,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportColumnDto, ExportDto, ExportEntity, ExportFormat } from '../../../shared/exports.ts';
import { formatsOf } from '../../../shared/exports.ts';
import { ApiError } from '../../lib/api.ts';
import { formatNumber } from '../../lib/format.ts';
import {
  browserTimeZone,
  downloadUrl,
  useCancelExport,
  useExport,
  useExportColumns,
  useStartExport,
} from './use-exports.ts';

export type ExportModalProps = {
  opened: boolean;
  onClose: () => void;
  entity: ExportEntity;
  /** How the list is named in the title ("leads" exports contacts). */
  label?: 'leads';
  /** The list request as the list page sends it (filter, q, sort, field filters, view…). */
  query: Record<string, string | string[] | undefined | null>;
  /** The list's visible column ids, to preselect. */
  viewColumns?: string[];
  /** The list's total, when the page knows it. */
  count?: { count: number; exact: boolean } | null;
};

/** The list ids that are several export columns. */
const expand = (id: string) => (id === 'name' ? ['name', 'firstName', 'lastName'] : [id]);

function preselect(all: ExportColumnDto[], view: string[] | undefined): string[] {
  const wanted = new Set((view ?? []).flatMap(expand));
  const fromView = all.filter((c) => wanted.has(c.key)).map((c) => c.key);
  return fromView.length ? fromView : all.filter((c) => c.default).map((c) => c.key);
}

/** Export dialog: format, columns (as in the list), row count → progress → download. */
export function ExportModal(p: ExportModalProps) {
  const { t, i18n } = useTranslation('exports');
  const lng = i18n.language;
  const formats = formatsOf(p.entity);
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [exportId, setExportId] = useState<string | null>(null);
  const columns = useExportColumns(p.entity, lng, p.opened);
  const all = columns.data?.data ?? [];
  const selected = useMemo(() => chosen ?? preselect(all, p.viewColumns), [chosen, all, p.viewColumns]);
  const start = useStartExport();
  const cancel = useCancelExport();
  const job = useExport(exportId);

  const query = Object.fromEntries(
    Object.entries(p.query).filter(
      (e): e is [string, string | string[]] => e[1] !== undefined && e[1] !== null && e[1] !== '',
    ),
  );
  const begin = () =>
    start.mutate(
      {
        entity: p.entity,
        format,
        query,
        columns: format === 'vcf' ? undefined : all.filter((c) => selected.includes(c.key)).map((c) => c.key),
        language: lng,
        timeZone: browserTimeZone(),
      },
      { onSuccess: (e) => setExportId(e.id) },
    );
  const what = t(`entity.${p.label ?? p.entity}`);

  return (
    <Modal opened={p.opened} onClose={p.onClose} title={t('title', { what })} size="lg">
      {exportId && job.data ? (
        <ExportProgress e={job.data} onStop={() => cancel.mutate(job.data!.id)} onClose={p.onClose} />
      ) : (
        <Stack gap="md">
          <div>
            <Text size="sm" fw={500} mb={4} id="export-format-label">
              {t('format')}
            </Text>
            <SegmentedControl
              aria-labelledby="export-format-label"
              value={format}
              onChange={(v) => setFormat(v as ExportFormat)}
              data={formats.map((f) => ({ value: f, label: t(`formats.${f}`) }))}
            />
            <Text size="xs" c="dimmed" mt={4}>
              {t(`formatHint.${format}`)}
            </Text>
          </div>
          {format !== 'vcf' && (
            <div>
              <Group justify="space-between" mb={4}>
                <Text size="sm" fw={500} id="export-columns-label">
                  {t('columns')}
                </Text>
                <Group gap="xs">
                  <Anchor
                    component="button"
                    type="button"
                    size="xs"
                    onClick={() => setChosen(all.map((c) => c.key))}
                  >
                    {t('selectAll')}
                  </Anchor>
                  <Anchor component="button" type="button" size="xs" onClick={() => setChosen(null)}>
                    {t('selectView')}
                  </Anchor>
                </Group>
              </Group>
              {columns.isPending ? (
                <Loader size="sm" />
              ) : (
                <ScrollArea.Autosize mah={260} type="auto">
                  <Checkbox.Group
                    value={selected}
                    onChange={setChosen}
                    aria-labelledby="export-columns-label"
                  >
                    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={6} verticalSpacing={6} p={2}>
                      {all.map((c) => (
                        <Checkbox key={c.key} value={c.key} label={c.label} size="sm" />
                      ))}
                    </SimpleGrid>
                  </Checkbox.Group>
                </ScrollArea.Autosize>
              )}
              <Text size="xs" c="dimmed" mt={4}>
                {t('columnsHint')}
              </Text>
            </div>
          )}
          {p.count && (
            <Text size="sm">
              {t(p.count.exact ? 'rowsToExport' : 'rowsToExportAbout', {
                count: formatNumber(p.count.count, lng),
              })}
            </Text>
          )}
          {start.error && (
            <Alert color="red" role="alert">
              {start.error instanceof ApiError
                ? [start.error.message, ...start.error.errors.map((e) => e.message)].join(' · ')
                : String(start.error)}
            </Alert>
          )}
          <Group justify="space-between">
            <Anchor component={Link} to="/exports" size="sm" onClick={p.onClose}>
              {t('recent')}
            </Anchor>
            <Group gap="xs">
              <Button variant="default" onClick={p.onClose}>
                {t('cancel')}
              </Button>
              <Button
                onClick={begin}
                loading={start.isPending}
                disabled={format !== 'vcf' && selected.length === 0}
                title={format !== 'vcf' && selected.length === 0 ? t('noColumns') : undefined}
              >
                {t('start')}
              </Button>
            </Group>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** A running export's progress, then its download. */
export function ExportProgress({
  e,
  onStop,
  onClose,
}: {
  e: ExportDto;
  onStop: () => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('exports');
  const lng = i18n.language;
  const rows = formatNumber(e.rows, lng);
  const pct = e.total ? Math.min(100, (e.rows / e.total) * 100) : e.status === 'done' ? 100 : 0;
  const url = downloadUrl(e);
  return (
    <Stack gap="md">
      {(e.status === 'queued' || e.status === 'running') && (
        <>
          <Progress value={pct} animated aria-label={t('status.running')} size="lg" />
          <Text size="sm" aria-live="polite">
            {e.status === 'queued'
              ? t('queued')
              : e.total
                ? t('running', { rows, total: formatNumber(e.total, lng) })
                : t('runningNoTotal', { rows })}
          </Text>
        </>
      )}
      {e.status === 'done' && (
        <Alert color="green" role="status">
          {t('done', { rows })}{' '}
          {e.file && t('expires', { date: new Date(e.file.expiresAt ?? '').toLocaleDateString(lng) })}
        </Alert>
      )}
      {e.status === 'failed' && (
        <Alert color="red" role="alert">
          {t('failed')}
        </Alert>
      )}
      {e.status === 'cancelled' && <Alert color="gray">{t('cancelled')}</Alert>}
      <Group justify="flex-end" gap="xs">
        {(e.status === 'queued' || e.status === 'running') && (
          <Button variant="default" onClick={onStop}>
            {t('stop')}
          </Button>
        )}
        {e.status !== 'queued' && e.status !== 'running' && (
          <Button variant="default" onClick={onClose}>
            {t('close')}
          </Button>
        )}
        {url && (
          <Button component="a" href={url} download={e.file?.name} leftSection={<IconDownload size={16} />}>
            {t('download')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
