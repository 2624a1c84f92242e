import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowDown, IconArrowUp, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languages } from '../../../shared/common.ts';
import { type PipelineDto, type StageInput, stageKinds } from '../../../shared/deals.ts';
import { ApiError, api } from '../../lib/api.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { dealKeys, refreshDeals, usePipelines } from './use-deals.ts';

type StageDraft = StageInput & { key: string };
let seq = 0;
const toDrafts = (p: PipelineDto): StageDraft[] =>
  p.stages.map(({ position: _p, ...s }) => ({ ...s, key: s.id }));

/** One pipeline's name and stages, edited together and saved with the version they were loaded at. */
function PipelineEditor({ pipeline, canWrite }: { pipeline: PipelineDto; canWrite: boolean }) {
  const { t } = useTranslation('deals');
  const message = useErrorMessage();
  const qc = useQueryClient();
  const [name, setName] = useState(pipeline.name);
  const [stages, setStages] = useState(() => toDrafts(pipeline));
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    setName(pipeline.name);
    setStages(toDrafts(pipeline));
  }, [pipeline]);
  const patch = (key: string, change: Partial<StageDraft>) =>
    setStages((list) => list.map((s) => (s.key === key ? { ...s, ...change } : s)));
  const shift = (i: number, by: number) =>
    setStages((list) => {
      const next = [...list];
      const [s] = next.splice(i, 1);
      next.splice(i + by, 0, s!);
      return next;
    });
  const done = (saved: PipelineDto, note: string) => {
    qc.setQueryData<{ data: PipelineDto[] }>(dealKeys.pipelines, (old) =>
      old ? { data: old.data.map((p) => (p.id === saved.id ? saved : p)) } : old,
    );
    refreshDeals(qc);
    setErrors({});
    notifications.show({ color: 'teal', message: note });
  };
  const fail = (err: Error) => {
    if (err instanceof ApiError && err.errors.length) setErrors(err.fieldErrors());
    notifications.show({ color: 'red', message: message(err) });
  };
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<PipelineDto>(`/pipelines/${pipeline.id}`, {
        method: 'PATCH',
        headers: { 'if-match': `"${pipeline.version}"` },
        body,
      }),
    onSuccess: (p) => done(p, t('pipelines.saved')),
    onError: fail,
  });
  const archive = useMutation({
    mutationFn: () =>
      api<void>(`/pipelines/${pipeline.id}`, {
        method: 'DELETE',
        headers: { 'if-match': `"${pipeline.version}"` },
      }),
    onSuccess: () => {
      refreshDeals(qc);
      notifications.show({ color: 'teal', message: t('pipelines.archived') });
    },
    onError: fail,
  });
  const body = () => ({
    name,
    stages: stages.map(({ key: _k, ...s }) => ({ ...s, rottingDays: s.rottingDays || null })),
  });

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Group align="flex-end" gap="sm">
            <TextInput
              label={t('pipelines.name')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              readOnly={!canWrite}
              error={errors.name}
              w={260}
            />
            {pipeline.isDefault ? (
              <Badge mb={8}>{t('pipelines.isDefault')}</Badge>
            ) : (
              canWrite && (
                <Button variant="subtle" size="xs" mb={4} onClick={() => save.mutate({ isDefault: true })}>
                  {t('pipelines.makeDefault')}
                </Button>
              )
            )}
          </Group>
          {canWrite && !pipeline.isDefault && (
            <Button
              variant="subtle"
              color="red"
              size="xs"
              leftSection={<IconArchive size={14} />}
              onClick={() => archive.mutate()}
            >
              {t('pipelines.archive')}
            </Button>
          )}
        </Group>
        {errors.stages && <Alert color="red">{errors.stages}</Alert>}
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing={4} aria-label={t('pipelines.stages')}>
            <Table.Thead>
              <Table.Tr>
                {languages.map((l) => (
                  <Table.Th key={l}>{t('pipelines.label', { lang: l.toUpperCase() })}</Table.Th>
                ))}
                <Table.Th>{t('fields.probability')}</Table.Th>
                <Table.Th>{t('pipelines.kind')}</Table.Th>
                <Table.Th>{t('pipelines.rottingDays')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stages.map((s, i) => (
                <Table.Tr key={s.key}>
                  {languages.map((l) => (
                    <Table.Td key={l}>
                      <TextInput
                        size="xs"
                        aria-label={`${t('pipelines.label', { lang: l.toUpperCase() })} ${i + 1}`}
                        value={s.labels[l] ?? ''}
                        onChange={(e) =>
                          patch(s.key, { labels: { ...s.labels, [l]: e.currentTarget.value } })
                        }
                        readOnly={!canWrite}
                        required={l === 'en'}
                        error={l === 'en' ? errors[`stages.${i}.labels.en`] : undefined}
                      />
                    </Table.Td>
                  ))}
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      w={80}
                      aria-label={`${t('fields.probability')} ${i + 1}`}
                      value={s.probability}
                      min={0}
                      max={100}
                      suffix=" %"
                      allowDecimal={false}
                      onChange={(v) => patch(s.key, { probability: Number(v) || 0 })}
                      readOnly={!canWrite}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      w={110}
                      aria-label={`${t('pipelines.kind')} ${i + 1}`}
                      data={stageKinds.map((k) => ({ value: k, label: t(`pipelines.kinds.${k}`) }))}
                      value={s.kind ?? 'open'}
                      onChange={(k) => k && patch(s.key, { kind: k as StageDraft['kind'] })}
                      allowDeselect={false}
                      readOnly={!canWrite}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      w={80}
                      aria-label={`${t('pipelines.rottingDays')} ${i + 1}`}
                      value={s.rottingDays ?? ''}
                      min={1}
                      allowDecimal={false}
                      onChange={(v) => patch(s.key, { rottingDays: v === '' ? null : Number(v) })}
                      readOnly={!canWrite}
                    />
                  </Table.Td>
                  <Table.Td>
                    {canWrite && (
                      <Group gap={2} wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          aria-label={t('pipelines.moveUp')}
                          disabled={i === 0}
                          onClick={() => shift(i, -1)}
                        >
                          <IconArrowUp size={14} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          aria-label={t('pipelines.moveDown')}
                          disabled={i === stages.length - 1}
                          onClick={() => shift(i, 1)}
                        >
                          <IconArrowDown size={14} />
                        </ActionIcon>
                        <Tooltip label={t('pipelines.remove')}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('pipelines.remove')}
                            onClick={() => setStages((list) => list.filter((x) => x.key !== s.key))}
                          >
                            <IconArchive size={14} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {canWrite && (
          <Group justify="space-between">
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() =>
                setStages((list) => {
                  const firstClosed = list.findIndex((s) => s.kind !== 'open');
                  const at = firstClosed === -1 ? list.length : firstClosed;
                  const next = [...list];
                  next.splice(at, 0, {
                    key: `new-${++seq}`,
                    labels: { en: t('pipelines.newStage') },
                    probability: 50,
                    kind: 'open',
                    rottingDays: null,
                  });
                  return next;
                })
              }
            >
              {t('pipelines.addStage')}
            </Button>
            <Button onClick={() => save.mutate(body())} loading={save.isPending}>
              {t('save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** Settings → Pipelines: every pipeline with its ordered stages (managers and admins change them). */
export function PipelinesPage() {
  const { t } = useTranslation('deals');
  const message = useErrorMessage();
  const qc = useQueryClient();
  const canWrite = hasRole(useSession().data?.user, 'manager');
  const q = usePipelines();
  const add = useMutation({
    mutationFn: () =>
      api<PipelineDto>('/pipelines', {
        method: 'POST',
        body: {
          name: t('pipelines.add'),
          stages: [
            { labels: { en: 'New', fr: 'Nouveau', de: 'Neu', da: 'Ny' }, probability: 20, kind: 'open' },
            {
              labels: { en: 'Won', fr: 'Gagné', de: 'Gewonnen', da: 'Vundet' },
              probability: 100,
              kind: 'won',
            },
            { labels: { en: 'Lost', fr: 'Perdu', de: 'Verloren', da: 'Tabt' }, probability: 0, kind: 'lost' },
          ],
        },
      }),
    onSuccess: () => refreshDeals(qc),
    onError: (err) => notifications.show({ color: 'red', message: message(err) }),
  });
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t('pipelines.title')}
        </Title>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => add.mutate()} loading={add.isPending}>
            {t('pipelines.add')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('pipelines.intro')}
      </Text>
      {q.isError && <Alert color="red">{message(q.error)}</Alert>}
      {q.data?.data.map((p) => (
        <PipelineEditor key={p.id} pipeline={p} canWrite={canWrite} />
      ))}
    </Stack>
  );
}
