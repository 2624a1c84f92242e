import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBulb, IconHeartHandshake } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ContactDto } from '../../../shared/contacts.ts';
import { type RelationshipStage, relationshipTypes } from '../../../shared/crm.ts';
import type { RelationshipDto } from '../../../shared/relationships.ts';
import { ApiError, api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { relativeTime } from '../../lib/relative-time.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { recordKeys } from '../records/record-types.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';

/** The stages in the order a relationship goes through them (Dwyer, Schurr and Oh). */
export const stageOrder: RelationshipStage[] = [
  'awareness',
  'exploration',
  'expansion',
  'commitment',
  'dissolution',
];
export const cadences = [14, 30, 60, 90, 180, 365] as const;

export const relationshipKey = (id: string) => ['contacts', 'relationship', id] as const;

/**
 * How the relationship with a contact stands: type and stage (changed in place, with If-Match), the stage
 * the documented rules suggest and why, the stay-in-touch cadence and when the next touch is due, and the
 * stage's history.
 */
export function RelationshipCard({ contact }: { contact: ContactDto }) {
  const { t, i18n } = useTranslation('relationships');
  const { t: tc } = useTranslation();
  const lng = i18n.language;
  const qc = useQueryClient();
  const errorMessage = useErrorMessage();
  const canEdit = hasRole(useSession().data?.user, 'agent') && !contact.deletedAt;
  const q = useQuery({
    queryKey: relationshipKey(contact.id),
    queryFn: ({ signal }) => api<RelationshipDto>(`/contacts/${contact.id}/relationship`, { signal }),
  });
  const save = useMutation({
    mutationFn: (
      patch: Partial<Pick<ContactDto, 'relationshipType' | 'relationshipStage' | 'stayInTouchDays'>>,
    ) =>
      api<ContactDto>(`/contacts/${contact.id}`, {
        method: 'PATCH',
        body: patch,
        headers: { 'if-match': `"${contact.version}"` },
      }),
    onSuccess: (saved, patch) => {
      qc.setQueryData(recordKeys.detail('contact', saved.id), saved);
      void qc.invalidateQueries({ queryKey: relationshipKey(contact.id) });
      void qc.invalidateQueries({ queryKey: ['stay-in-touch'] });
      if (patch.relationshipStage)
        notifications.show({
          color: 'teal',
          message: t('applied', { stage: tc(`relationshipStage.${patch.relationshipStage}`) }),
        });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 412) {
        notifications.show({ color: 'orange', message: t('conflict') });
        void qc.invalidateQueries({ queryKey: recordKeys.detail('contact', contact.id) });
        void qc.invalidateQueries({ queryKey: relationshipKey(contact.id) });
      } else notifications.show({ color: 'red', message: errorMessage(err) });
    },
  });
  const r = q.data;
  const s = r?.suggestion;
  const reason = s
    ? s.rule === 'dissolution_risk' && s.facts.daysSinceInteraction === null
      ? t('rules.dissolution_risk_never')
      : t(`rules.${s.rule}`, {
          days: s.facts.daysSinceInteraction,
          limit: s.facts.silenceLimit,
          n: s.rule === 'growing' ? s.facts.purchases365 : s.facts.interactions365,
          in: s.facts.inbound90,
          out: s.facts.outbound90,
        })
    : null;
  const stay = r?.stayInTouch;
  return (
    <Paper withBorder p="lg" radius="md" aria-labelledby="relationship-title">
      <Group gap="xs" mb="sm">
        <IconHeartHandshake size={20} aria-hidden />
        <Title order={2} size="h4" id="relationship-title">
          {t('card')}
        </Title>
      </Group>
      <Stack gap="sm">
        <SimpleGrid cols={1} spacing="sm">
          <Select
            label={t('type')}
            placeholder={t('none')}
            data={relationshipTypes.map((v) => ({ value: v, label: tc(`relationshipType.${v}`) }))}
            value={contact.relationshipType}
            onChange={(v) => save.mutate({ relationshipType: (v as ContactDto['relationshipType']) ?? null })}
            disabled={!canEdit || save.isPending}
            clearable
            comboboxProps={{ keepMounted: false }}
          />
          <Select
            label={t('stage')}
            placeholder={t('none')}
            data={stageOrder.map((v) => ({ value: v, label: tc(`relationshipStage.${v}`) }))}
            value={contact.relationshipStage}
            onChange={(v) => save.mutate({ relationshipStage: (v as RelationshipStage | null) ?? null })}
            disabled={!canEdit || save.isPending}
            clearable
            comboboxProps={{ keepMounted: false }}
          />
        </SimpleGrid>
        {r?.stageSince && contact.relationshipStage && (
          <Text size="xs" c="dimmed" mt={-6}>
            {tc(`relationshipStage.${contact.relationshipStage}`)}{' '}
            {t('since', { when: formatDate(r.stageSince, lng) })}
          </Text>
        )}
        {s && (
          <Alert
            color="yellow"
            variant="light"
            icon={<IconBulb size={18} />}
            title={t('suggestion', { stage: tc(`relationshipStage.${s.stage}`) })}
          >
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{reason}</Text>
              {canEdit && (
                <Button
                  size="compact-sm"
                  variant="light"
                  color="yellow"
                  onClick={() => save.mutate({ relationshipStage: s.stage })}
                  loading={save.isPending}
                >
                  {t('apply')}
                </Button>
              )}
            </Stack>
          </Alert>
        )}
        <Select
          label={t('cadence')}
          data={[
            { value: '', label: t('cadenceOff') },
            ...cadences.map((d) => ({ value: String(d), label: t('every', { days: d }) })),
            ...(contact.stayInTouchDays &&
            !cadences.includes(contact.stayInTouchDays as (typeof cadences)[number])
              ? [
                  {
                    value: String(contact.stayInTouchDays),
                    label: t('every', { days: contact.stayInTouchDays }),
                  },
                ]
              : []),
          ]}
          value={contact.stayInTouchDays ? String(contact.stayInTouchDays) : ''}
          onChange={(v) => save.mutate({ stayInTouchDays: v ? Number(v) : null })}
          disabled={!canEdit || save.isPending}
          allowDeselect={false}
          comboboxProps={{ keepMounted: false }}
        />
        <Group gap="lg" wrap="wrap">
          <div>
            <Text size="xs" c="dimmed">
              {t('lastInteraction')}
            </Text>
            <Text size="sm" title={r?.lastInteractionAt ? formatDate(r?.lastInteractionAt, lng) : undefined}>
              {r?.lastInteractionAt ? relativeTime(r?.lastInteractionAt, lng) : t('never')}
            </Text>
          </div>
          {stay?.dueAt && (
            <div>
              <Text size="xs" c="dimmed">
                {t('nextTouch')}
              </Text>
              {stay.overdue ? (
                <Badge
                  color={stay.daysOverdue > 0 ? 'red' : 'orange'}
                  variant="light"
                  data-testid="touch-overdue"
                >
                  {stay.daysOverdue > 0 ? t('overdueBy', { count: stay.daysOverdue }) : t('dueToday')}
                </Badge>
              ) : (
                <Text size="sm" title={formatDate(stay.dueAt, lng)}>
                  {t('dueIn', { when: relativeTime(stay.dueAt, lng) })}
                </Text>
              )}
            </div>
          )}
        </Group>
        <div>
          <Text size="xs" c="dimmed" mb={6}>
            {t('history')}
          </Text>
          {r && r.stageHistory.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('noHistory')}
            </Text>
          ) : (
            <Timeline bulletSize={10} lineWidth={2}>
              {(r?.stageHistory ?? []).slice(0, 5).map((h) => (
                <Timeline.Item key={`${h.at}-${h.field}`}>
                  <Text size="sm">
                    {h.field === 'relationshipStage' ? t('stage') : t('type')}:{' '}
                    {h.from
                      ? tc(
                          `${h.field === 'relationshipStage' ? 'relationshipStage' : 'relationshipType'}.${h.from}`,
                        )
                      : '—'}{' '}
                    →{' '}
                    {h.to
                      ? tc(
                          `${h.field === 'relationshipStage' ? 'relationshipStage' : 'relationshipType'}.${h.to}`,
                        )
                      : '—'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {relativeTime(h.at, lng)}
                    {h.actorName && ` · ${t('by', { name: h.actorName })}`}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
        </div>
      </Stack>
    </Paper>
  );
}
