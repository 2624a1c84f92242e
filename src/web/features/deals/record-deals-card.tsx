import { Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../lib/api.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { DealFormModal } from './deal-form-modal.tsx';
import { stageLabel } from './stage-label.ts';
import { type DealPage, dealKeys, usePipelines } from './use-deals.ts';

/** A contact's or company's open deals on its page, with stage and amount, and a new deal for it. */
export function RecordDealsCard({
  kind,
  id,
  name,
}: {
  kind: 'contact' | 'company';
  id: string;
  name: string;
}) {
  const { t, i18n } = useTranslation('deals');
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const [creating, setCreating] = useState(false);
  const pipelines = usePipelines();
  const q = useQuery({
    queryKey: dealKeys.record(kind, id),
    queryFn: ({ signal }) =>
      api<DealPage>(
        `/deals${qs({ [kind === 'contact' ? 'contactId' : 'companyId']: id, status: 'open', limit: 10 })}`,
        { signal },
      ),
  });
  const stages = new Map(pipelines.data?.data.flatMap((p) => p.stages).map((s) => [s.id, s]) ?? []);
  const deals = q.data?.data ?? [];
  return (
    <Paper withBorder p="lg" radius="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('card.title')}
        </Title>
        {canWrite && (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setCreating(true)}
          >
            {t('newDeal')}
          </Button>
        )}
      </Group>
      {q.isPending ? (
        <Stack gap={6}>
          <Skeleton h={18} />
          <Skeleton h={18} w="70%" />
        </Stack>
      ) : deals.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('card.empty')}
        </Text>
      ) : (
        <Stack gap={8} role="list" aria-label={t('card.title')}>
          {deals.map((d) => (
            <Stack key={d.id} gap={2} role="listitem">
              <Group justify="space-between" wrap="nowrap" gap={6}>
                <Anchor component={Link} to={`/deals/${d.id}`} size="sm" fw={500} truncate>
                  {d.title}
                </Anchor>
                <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                  {formatMoney({ amount: d.amount, currency: d.currency }, i18n.language)}
                </Text>
              </Group>
              <Group gap={6} wrap="nowrap">
                <Badge size="xs" variant="light" color="indigo">
                  {stageLabel(stages.get(d.stageId)?.labels, i18n.language)}
                </Badge>
                {d.expectedCloseOn && (
                  <Text size="xs" c="dimmed">
                    {formatDate(d.expectedCloseOn, i18n.language)}
                  </Text>
                )}
              </Group>
            </Stack>
          ))}
          {q.data?.nextCursor && (
            <Anchor component={Link} to="/deals" size="xs">
              {t('card.all')}
            </Anchor>
          )}
        </Stack>
      )}
      <DealFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        initialCustomer={{ kind, id, name }}
      />
    </Paper>
  );
}
