import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ScoringRuleDto,
  type ScoringRuleKind,
  scoringRuleKinds,
  thresholdKinds,
  valueKinds,
} from '../../../shared/leads.ts';
import { ApiError, api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useShortcuts } from '../records/use-shortcuts.ts';
import { useFactorText } from './lead-card.tsx';
import { LeadsNav } from './leads-nav.tsx';
import { ifMatch, useLeadModel, useLeadWrite, useScoringRules } from './use-leads.ts';

/** /leads/scoring: the visible rule points, and the learned score (train it, see its weights). Keyboard: `n`. */
export function ScoringPage() {
  const { t, i18n } = useTranslation('leads');
  usePageTitle(t('scoring.title'));
  const manager = hasRole(useSession().data?.user, 'manager');
  const rules = useScoringRules();
  const model = useLeadModel();
  const factorText = useFactorText();
  const [editing, setEditing] = useState<ScoringRuleDto | 'new' | null>(null);
  useShortcuts({ n: () => manager && setEditing('new') });
  const train = useLeadWrite(() => api('/lead-scoring/train', { method: 'POST' }));
  const m = model.data?.model;
  const describe = (r: ScoringRuleDto) =>
    valueKinds.includes(r.kind)
      ? r.values.join(', ')
      : thresholdKinds.includes(r.kind)
        ? `≥ ${r.threshold}`
        : '';
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        {manager && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('scoring.new')}
          </Button>
        )}
      </Group>
      <LeadsNav />
      <Text size="sm" c="dimmed">
        {t('scoring.help')}
      </Text>
      {rules.data && !rules.data.data.length ? (
        <Text c="dimmed">{t('scoring.none')}</Text>
      ) : (
        <Table aria-label={t('scoring.title')} highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('scoring.name')}</Table.Th>
              <Table.Th>{t('scoring.kind')}</Table.Th>
              <Table.Th ta="right">{t('scoring.points')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rules.data?.data ?? []).map((r) => (
              <Table.Tr key={r.id} opacity={r.active ? 1 : 0.5}>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {t(`scoring.kinds.${r.kind}`)}{' '}
                    <Text span fw={600}>
                      {describe(r)}
                    </Text>
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Badge variant="light" color={r.points >= 0 ? 'teal' : 'red'}>
                    {r.points > 0 ? `+${r.points}` : r.points}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">
                  {manager && (
                    <Button size="compact-xs" variant="default" onClick={() => setEditing(r)}>
                      {t('scoring.edit')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Card withBorder component="section" aria-label={t('scoring.model')} mt="md">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4">
            {t('scoring.model')}
          </Title>
          {manager && (
            <Button size="xs" onClick={() => train.mutate(undefined)} loading={train.isPending}>
              {t('scoring.train')}
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed" mb="xs">
          {t('scoring.modelHelp')}
        </Text>
        {m ? (
          <>
            <Alert color="teal" p="xs" mb="xs">
              {t('scoring.trained', {
                version: m.version,
                date: formatDate(m.trainedAt, i18n.language),
                n: m.n,
                positives: m.positives,
                auc: m.auc === null ? '—' : m.auc.toFixed(2),
              })}
            </Alert>
            <Table aria-label={t('scoring.weights')}>
              <Table.Tbody>
                {[...m.features]
                  .sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient))
                  .map((f) => (
                    <Table.Tr key={f.feature}>
                      <Table.Td>
                        {factorText({ feature: f.feature, value: 0, contribution: f.coefficient }).label}
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" c={f.coefficient >= 0 ? 'teal' : 'red'}>
                          {f.coefficient > 0 ? '+' : ''}
                          {f.coefficient.toFixed(2)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </>
        ) : (
          <Text size="sm">{t('scoring.noModel')}</Text>
        )}
      </Card>
      {editing && <RuleEditor rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function RuleEditor({ rule, onClose }: { rule: ScoringRuleDto | null; onClose: () => void }) {
  const { t } = useTranslation('leads');
  const [name, setName] = useState(rule?.name ?? '');
  const [kind, setKind] = useState<ScoringRuleKind>(rule?.kind ?? 'job_title_contains');
  const [values, setValues] = useState(rule?.values.join(', ') ?? '');
  const [threshold, setThreshold] = useState<number | string>(rule?.threshold ?? 1);
  const [points, setPoints] = useState<number | string>(rule?.points ?? 10);
  const [active, setActive] = useState(rule?.active ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useLeadWrite(
    (body: Record<string, unknown>) =>
      rule
        ? api(`/lead-scoring/rules/${rule.id}`, { method: 'PATCH', body, headers: ifMatch(rule.version) })
        : api('/lead-scoring/rules', { method: 'POST', body }),
    { onDone: onClose },
  );
  const remove = useLeadWrite(() => api(`/lead-scoring/rules/${rule?.id}`, { method: 'DELETE' }), {
    done: t('deleted'),
    onDone: onClose,
  });
  const submit = () =>
    save.mutate(
      {
        name,
        kind,
        values: valueKinds.includes(kind)
          ? values
              .split(',')
              .map((v) => v.trim())
              .filter(Boolean)
          : [],
        threshold: thresholdKinds.includes(kind) ? Number(threshold) : null,
        points: Number(points),
        active,
      },
      { onError: (err) => err instanceof ApiError && setErrors(err.fieldErrors()) },
    );
  return (
    <Modal opened onClose={onClose} title={rule ? t('scoring.edit') : t('scoring.new')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('scoring.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            error={errors.name}
            data-autofocus
          />
          <Select
            label={t('scoring.kind')}
            data={scoringRuleKinds.map((k) => ({ value: k, label: t(`scoring.kinds.${k}`) }))}
            value={kind}
            onChange={(v) => v && setKind(v as ScoringRuleKind)}
            allowDeselect={false}
          />
          {valueKinds.includes(kind) && (
            <TextInput
              label={t('scoring.values')}
              value={values}
              onChange={(e) => setValues(e.currentTarget.value)}
              error={errors.values}
            />
          )}
          {thresholdKinds.includes(kind) && (
            <NumberInput
              label={t('scoring.threshold')}
              value={threshold}
              onChange={setThreshold}
              min={0}
              allowDecimal={false}
              error={errors.threshold}
            />
          )}
          <NumberInput
            label={t('scoring.points')}
            value={points}
            onChange={setPoints}
            min={-1000}
            max={1000}
            allowDecimal={false}
            error={errors.points}
          />
          <Switch
            label={t('scoring.active')}
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
          />
          <Group justify="space-between">
            {rule ? (
              <Button color="red" variant="subtle" onClick={() => remove.mutate(undefined)}>
                {t('scoring.delete')}
              </Button>
            ) : (
              <span />
            )}
            <Group>
              <Button variant="default" onClick={onClose}>
                {t('cancel')}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t('scoring.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
