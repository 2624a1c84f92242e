import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Grid,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconFileInvoice, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DealDetailDto, MoveDealInput, PipelineDto, StageDto } from '../../../shared/deals.ts';
import { ApiError, api } from '../../lib/api.ts';
import { formatDateTime, formatMoney } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { fromLineDtos, type LineDraft, LineItemsEditor, toLineInputs } from '../sales/line-items-editor.tsx';
import { CloseDealModal } from './close-deal-modal.tsx';
import { DealDetailsForm } from './deal-details-form.tsx';
import { statusColor } from './deal-list.tsx';
import { stageLabel } from './stage-label.ts';
import { dealKeys, refreshDeals, useDeal, useDealHistory, usePipelines } from './use-deals.ts';

/** The stages as a row of steps: click one to move the deal there (Won and Lost ask why first). */
function StageStepper({
  deal,
  pipeline,
  disabled,
  onMove,
}: {
  deal: DealDetailDto;
  pipeline: PipelineDto;
  disabled: boolean;
  onMove: (stage: StageDto) => void;
}) {
  const { t, i18n } = useTranslation('deals');
  const at = pipeline.stages.findIndex((s) => s.id === deal.stageId);
  return (
    <Group gap={4} wrap="wrap" role="group" aria-label={t('stepper')}>
      {pipeline.stages.map((s, i) => {
        const current = s.id === deal.stageId;
        const passed = s.kind === 'open' && deal.status !== 'lost' && (i < at || deal.status === 'won');
        const color = s.kind === 'won' ? 'green' : s.kind === 'lost' ? 'red' : 'indigo';
        return (
          <Button
            key={s.id}
            size="xs"
            radius="xl"
            color={color}
            variant={current ? 'filled' : passed ? 'light' : 'default'}
            disabled={disabled}
            aria-pressed={current}
            aria-label={t('moveTo', { stage: stageLabel(s.labels, i18n.language) })}
            onClick={() => !current && onMove(s)}
          >
            {stageLabel(s.labels, i18n.language)}
            {s.kind === 'open' && (
              <Text span size="xs" ml={6} opacity={0.7}>
                {s.probability} %
              </Text>
            )}
          </Button>
        );
      })}
    </Group>
  );
}

function StageHistory({ deal, pipeline }: { deal: DealDetailDto; pipeline: PipelineDto }) {
  const { t, i18n } = useTranslation('deals');
  const history = useDealHistory(deal.id);
  const stages = new Map(pipeline.stages.map((s) => [s.id, s]));
  const moves = (history.data?.data ?? [])
    .map((h) => ({ h, change: h.changes.find((c) => c.field === 'stageId') }))
    .filter((x) => x.change);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {t('history')}
      </Title>
      {history.isPending ? (
        <Loader size="xs" />
      ) : moves.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('noHistory')}
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} active={moves.length}>
          {moves.map(({ h, change }) => {
            const s = stages.get(String(change!.new));
            return (
              <Timeline.Item
                key={h.id}
                color={s?.kind === 'won' ? 'green' : s?.kind === 'lost' ? 'red' : 'indigo'}
                title={<Text size="sm">{stageLabel(s?.labels, i18n.language)}</Text>}
              >
                <Text size="xs" c="dimmed">
                  {formatDateTime(h.at, i18n.language)} · {h.actorName ?? '—'}
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Paper>
  );
}

/** /deals/$dealId: stage stepper, amount, details, line items, stage history, and a quote in one click. */
export function DealPage() {
  const { dealId } = useParams({ strict: false }) as { dealId: string };
  const { t, i18n } = useTranslation('deals');
  const message = useErrorMessage();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const q = useDeal(dealId);
  const pipelines = usePipelines();
  const deal = q.data;
  const pipeline = pipelines.data?.data.find((p) => p.id === deal?.pipelineId);
  usePageTitle(deal?.title ?? t('deal'));
  const [closing, setClosing] = useState<StageDto | null>(null);
  const [lines, setLines] = useState<LineDraft[]>([]);
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload the drafts only for a new version
  useEffect(() => {
    if (deal) setLines(fromLineDtos(deal.lines));
  }, [deal?.id, deal?.version]);

  const saved = (d: DealDetailDto) => {
    qc.setQueryData(dealKeys.detail(d.id), d);
    refreshDeals(qc);
  };
  const onError = (err: Error) => {
    notifications.show({
      color: 'red',
      message: err instanceof ApiError && err.status === 412 ? t('conflict') : message(err),
    });
    if (err instanceof ApiError && err.status === 412) void q.refetch();
  };
  const move = useMutation({
    mutationFn: (body: MoveDealInput) =>
      api<DealDetailDto>(`/deals/${dealId}/move`, {
        method: 'POST',
        headers: { 'if-match': `"${deal?.version}"` },
        body,
      }),
    onSuccess: (d) => {
      saved(d);
      const s = pipeline?.stages.find((x) => x.id === d.stageId);
      notifications.show({
        color: 'teal',
        message: t('moved', { stage: stageLabel(s?.labels, i18n.language) }),
      });
    },
    onError,
  });
  const saveLines = useMutation({
    mutationFn: () =>
      api<DealDetailDto>(`/deals/${dealId}`, {
        method: 'PATCH',
        headers: { 'if-match': `"${deal?.version}"` },
        body: { lines: toLineInputs(lines) },
      }),
    onSuccess: (d) => {
      setLineErrors({});
      saved(d);
      notifications.show({ color: 'teal', message: t('saved') });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.errors.length) setLineErrors(err.fieldErrors());
      else onError(err);
    },
  });
  const quote = useMutation({
    mutationFn: () => api<{ id: string }>('/quotes', { method: 'POST', body: { dealId } }),
    onSuccess: (created) => void navigate({ to: `/quotes/${created.id}` }),
    onError,
  });
  const remove = useMutation({
    mutationFn: () =>
      api<void>(`/deals/${dealId}`, { method: 'DELETE', headers: { 'if-match': `"${deal?.version}"` } }),
    onSuccess: () => {
      refreshDeals(qc);
      notifications.show({ color: 'teal', message: t('deleted') });
      void navigate({ to: '/deals' });
    },
    onError,
  });

  if (q.isError)
    return (
      <Alert color="red" title={t('notFound')}>
        <Anchor component={Link} to="/deals">
          {t('back')}
        </Anchor>
      </Alert>
    );
  if (!deal || !pipeline)
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  const stage = pipeline.stages.find((s) => s.id === deal.stageId);
  const toStage = (s: StageDto) => {
    if (s.kind === 'open') move.mutate({ stageId: s.id });
    else setClosing(s);
  };

  return (
    <Stack gap="md" maw={1280}>
      <Anchor component={Link} to="/deals" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('back')}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={1} size="h2">
              {deal.title}
            </Title>
            <Badge color={statusColor[deal.status]} variant="light">
              {t(`status.${deal.status}`)}
              {deal.closeReason ? ` · ${t(`reason.${deal.closeReason}` as 'reason.other')}` : ''}
            </Badge>
          </Group>
          <Group gap="xs">
            <Text size="xl" fw={700}>
              {formatMoney({ amount: deal.amount, currency: deal.currency }, i18n.language)}
            </Text>
            {stage && deal.status === 'open' && (
              <Text size="sm" c="dimmed">
                {t('fields.probability')} {stage.probability} %
              </Text>
            )}
          </Group>
          <Group gap="xs">
            {deal.companyId && (
              <Anchor component={Link} to={`/companies/${deal.companyId}`} size="sm">
                {deal.companyName}
              </Anchor>
            )}
            {deal.contactId && (
              <Anchor component={Link} to={`/contacts/${deal.contactId}`} size="sm">
                {deal.contactName}
              </Anchor>
            )}
          </Group>
        </Stack>
        {canWrite && (
          <Group gap="xs">
            <Button
              leftSection={<IconFileInvoice size={16} />}
              onClick={() => quote.mutate()}
              loading={quote.isPending}
            >
              {t('createQuote')}
            </Button>
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => remove.mutate()}
              loading={remove.isPending}
            >
              {t('delete')}
            </Button>
          </Group>
        )}
      </Group>
      <StageStepper deal={deal} pipeline={pipeline} disabled={!canWrite || move.isPending} onMove={toStage} />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <DealDetailsForm deal={deal} canWrite={canWrite} onSaved={saved} onError={onError} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <StageHistory deal={deal} pipeline={pipeline} />
        </Grid.Col>
      </Grid>
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            {t('lines')}
          </Title>
          {canWrite && (
            <Button size="xs" onClick={() => saveLines.mutate()} loading={saveLines.isPending}>
              {t('saveLines')}
            </Button>
          )}
        </Group>
        <LineItemsEditor
          currency={deal.currency}
          lines={lines}
          onChange={setLines}
          customer={{ contactId: deal.contactId, companyId: deal.companyId }}
          language={i18n.language}
          errors={lineErrors}
          onSubmit={() => saveLines.mutate()}
        />
      </Paper>
      <CloseDealModal
        closing={closing && closing.kind !== 'open' ? { title: deal.title, kind: closing.kind } : null}
        onCancel={() => setClosing(null)}
        onConfirm={(closeReason, closeNote) => {
          if (closing) move.mutate({ stageId: closing.id, closeReason, closeNote });
          setClosing(null);
        }}
      />
    </Stack>
  );
}
