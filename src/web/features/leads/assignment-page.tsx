import {
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  SegmentedControl,
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
import type { AssignmentRuleDto } from '../../../shared/leads.ts';
import { ApiError, api } from '../../lib/api.ts';
import { countryOptions } from '../../lib/countries.ts';
import { countryName } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useShortcuts } from '../records/use-shortcuts.ts';
import { useUsers } from '../records/use-users.ts';
import { LeadsNav } from './leads-nav.tsx';
import { ifMatch, useAssignmentRules, useLeadWrite } from './use-leads.ts';

/** /leads/assignment: ordered rules giving new leads an owner, by territory or in turn. Keyboard: `n`. */
export function AssignmentPage() {
  const { t, i18n } = useTranslation('leads');
  usePageTitle(t('assignment.title'));
  const manager = hasRole(useSession().data?.user, 'manager');
  const rules = useAssignmentRules();
  const [editing, setEditing] = useState<AssignmentRuleDto | 'new' | null>(null);
  useShortcuts({ n: () => manager && setEditing('new') });
  const list = rules.data?.data ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        {manager && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('assignment.new')}
          </Button>
        )}
      </Group>
      <LeadsNav />
      <Text size="sm" c="dimmed">
        {t('assignment.help')}
      </Text>
      {rules.data && !list.length ? (
        <Text c="dimmed">{t('assignment.none')}</Text>
      ) : (
        <Table aria-label={t('assignment.title')} highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('assignment.position')}</Table.Th>
              <Table.Th>{t('assignment.name')}</Table.Th>
              <Table.Th>{t('assignment.kind')}</Table.Th>
              <Table.Th>{t('assignment.countries')}</Table.Th>
              <Table.Th>{t('assignment.users')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((r) => (
              <Table.Tr key={r.id} opacity={r.active ? 1 : 0.5}>
                <Table.Td>{r.position}</Table.Td>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={r.kind === 'territory' ? 'indigo' : 'grape'}>
                    {t(`assignment.kinds.${r.kind}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {r.countries.length
                      ? r.countries.map((c) => countryName(c, i18n.language)).join(', ')
                      : t('assignment.everyone')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.userNames.join(', ')}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  {manager && (
                    <Button size="compact-xs" variant="default" onClick={() => setEditing(r)}>
                      {t('assignment.edit')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <RuleEditor
          rule={editing === 'new' ? null : editing}
          nextPosition={list.length ? Math.max(...list.map((r) => r.position)) + 1 : 1}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

function RuleEditor(props: { rule: AssignmentRuleDto | null; nextPosition: number; onClose: () => void }) {
  const { rule, onClose } = props;
  const { t, i18n } = useTranslation('leads');
  const { users } = useUsers();
  const [name, setName] = useState(rule?.name ?? '');
  const [kind, setKind] = useState<string>(rule?.kind ?? 'territory');
  const [countries, setCountries] = useState<string[]>(rule?.countries ?? []);
  const [userIds, setUserIds] = useState<string[]>(rule?.userIds ?? []);
  const [position, setPosition] = useState<number | string>(rule?.position ?? props.nextPosition);
  const [active, setActive] = useState(rule?.active ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useLeadWrite(
    (body: Record<string, unknown>) =>
      rule
        ? api(`/lead-assignment/rules/${rule.id}`, { method: 'PATCH', body, headers: ifMatch(rule.version) })
        : api('/lead-assignment/rules', { method: 'POST', body }),
    { onDone: onClose },
  );
  const remove = useLeadWrite(() => api(`/lead-assignment/rules/${rule?.id}`, { method: 'DELETE' }), {
    done: t('deleted'),
    onDone: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={rule ? t('assignment.edit') : t('assignment.new')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(
            { name, kind, countries, userIds, position: Number(position), active },
            { onError: (err) => err instanceof ApiError && setErrors(err.fieldErrors()) },
          );
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('assignment.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            error={errors.name}
            data-autofocus
          />
          <SegmentedControl
            aria-label={t('assignment.kind')}
            value={kind}
            onChange={setKind}
            data={[
              { value: 'territory', label: t('assignment.kinds.territory') },
              { value: 'round_robin', label: t('assignment.kinds.round_robin') },
            ]}
          />
          <MultiSelect
            label={t('assignment.countries')}
            data={countryOptions(i18n.language)}
            value={countries}
            onChange={setCountries}
            searchable
            error={errors.countries}
          />
          <MultiSelect
            label={t('assignment.users')}
            data={users
              .filter((u) => u.role !== 'viewer')
              .map((u) => ({ value: u.id, label: u.name || u.email }))}
            value={userIds}
            onChange={setUserIds}
            searchable
            required
            error={errors.userIds}
          />
          <NumberInput
            label={t('assignment.position')}
            value={position}
            onChange={setPosition}
            min={0}
            allowDecimal={false}
          />
          <Switch
            label={t('assignment.active')}
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
          />
          <Group justify="space-between">
            {rule ? (
              <Button color="red" variant="subtle" onClick={() => remove.mutate(undefined)}>
                {t('assignment.delete')}
              </Button>
            ) : (
              <span />
            )}
            <Group>
              <Button variant="default" onClick={onClose}>
                {t('cancel')}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t('assignment.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
