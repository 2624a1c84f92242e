import { Anchor, Button, Center, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyDto } from '../../../shared/companies.ts';
import type { ContactDto } from '../../../shared/contacts.ts';
import { contactName } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { ContactFormModal } from '../contacts/contact-form.tsx';
import { Empty } from '../records/field-value.tsx';
import { LifecycleBadge } from '../records/lifecycle-badge.tsx';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useRecordList } from '../records/use-record-list.ts';
import { useUsers } from '../records/use-users.ts';

/** The people at a company (GET /contacts?companyId=…), with "Add contact" preset to this company. */
export function CompanyContacts({
  company,
  compact,
  onShowAll,
}: {
  company: CompanyDto;
  compact?: boolean;
  onShowAll?: () => void;
}) {
  const { t } = useTranslation('companies');
  const { t: tr } = useTranslation('records');
  const { t: tc } = useTranslation();
  const user = useSession().data?.user;
  const { nameOf } = useUsers();
  const message = useErrorMessage();
  const [adding, setAdding] = useState(false);
  const list = useRecordList<ContactDto>(
    'contact',
    { filter: { field: 'companyId', op: 'eq', value: company.id }, sort: 'lastName' },
    { limit: compact ? 5 : 50 },
  );
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const canAdd = hasRole(user, 'agent') && !company.deletedAt;
  return (
    <Paper withBorder p="lg" radius="md">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} size="h4">
          {t('contacts', { count: company.contactCount ?? rows.length })}
        </Title>
        {canAdd && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setAdding(true)}
          >
            {t('addContact')}
          </Button>
        )}
      </Group>
      {list.isPending ? (
        <Center py="md">
          <Loader size="sm" aria-label={tc('states.loading')} />
        </Center>
      ) : list.isError ? (
        <Text c="red" size="sm" role="alert">
          {message(list.error)}
        </Text>
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('noContacts')}
        </Text>
      ) : compact ? (
        <Stack gap={8}>
          {rows.map((c) => (
            <div key={c.id}>
              <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={500}>
                {contactName(c)}
              </Anchor>
              <Text size="xs" c="dimmed">
                {[c.jobTitle, c.emails[0]?.address].filter(Boolean).join(' · ')}
              </Text>
            </div>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table highlightOnHover verticalSpacing="xs" aria-label={t('contacts', { count: rows.length })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tr('fields.name')}</Table.Th>
                <Table.Th>{tr('fields.jobTitle')}</Table.Th>
                <Table.Th>{tr('fields.email')}</Table.Th>
                <Table.Th>{tr('fields.lifecycleStage')}</Table.Th>
                <Table.Th>{tr('fields.ownerId')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={500}>
                      {contactName(c)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{c.jobTitle ?? <Empty />}</Table.Td>
                  <Table.Td>{c.emails[0]?.address ?? <Empty />}</Table.Td>
                  <Table.Td>
                    {c.lifecycleStage ? <LifecycleBadge stage={c.lifecycleStage} /> : <Empty />}
                  </Table.Td>
                  <Table.Td>{nameOf(c.ownerId) ?? <Empty />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {compact && onShowAll && (company.contactCount ?? 0) > rows.length && (
        <Anchor component="button" type="button" size="sm" mt="sm" onClick={onShowAll}>
          {t('allContacts')}
        </Anchor>
      )}
      {!compact && list.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          mt="sm"
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {tc('actions.loadMore')}
        </Button>
      )}
      <ContactFormModal
        opened={adding}
        onClose={() => setAdding(false)}
        preset={{ companyId: company.id }}
        presetCompanyName={company.name}
      />
    </Paper>
  );
}
