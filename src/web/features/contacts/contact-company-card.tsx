import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBuilding } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { CompanyDto } from '../../../shared/companies.ts';
import type { ContactDto } from '../../../shared/contacts.ts';
import { formatNumber } from '../../lib/format.ts';
import { ExternalLink } from '../records/field-value.tsx';
import { LifecycleBadge } from '../records/lifecycle-badge.tsx';
import { useRecord } from '../records/use-record.ts';
import { useUsers } from '../records/use-users.ts';

/** The contact's company, with a link and the essentials, on the contact page. */
export function ContactCompanyCard({ contact }: { contact: ContactDto }) {
  const { t, i18n } = useTranslation('contacts');
  const { t: tr } = useTranslation('records');
  const q = useRecord<CompanyDto>('company', contact.companyId);
  const co = contact.companyId ? q.data : undefined;
  const { nameOf } = useUsers();
  const manager = co ? nameOf(co.ownerId) : null;
  return (
    <Paper withBorder p="lg" radius="md">
      <Title order={2} size="h4" mb="sm">
        {tr('fields.companyId')}
      </Title>
      {!contact.companyId ? (
        <Text size="sm" c="dimmed">
          {t('noCompany')}
        </Text>
      ) : (
        <Stack gap={6}>
          <Group gap="xs" wrap="nowrap">
            <IconBuilding size={18} aria-hidden />
            <Anchor component={Link} to={`/companies/${contact.companyId}`} fw={600}>
              {contact.companyName ?? co?.name ?? '…'}
            </Anchor>
            {co && <LifecycleBadge stage={co.lifecycleStage} size="xs" />}
          </Group>
          {co?.deletedAt && (
            <Text size="xs" c="orange">
              {t('companyDeleted')}
            </Text>
          )}
          {co?.website && <ExternalLink href={co.website} />}
          {co?.industry && (
            <Text size="sm" c="dimmed">
              {co.industry}
              {co.employees !== null &&
                ` · ${t('employees', { count: co.employees, formatted: formatNumber(co.employees, i18n.language) })}`}
            </Text>
          )}
          {co && (
            <Text size="sm" c="dimmed" data-testid="account-manager">
              {tr('fields.accountManager')}:{' '}
              <Text span size="sm" c="var(--mantine-color-text)">
                {manager ?? tr('form.unassigned')}
              </Text>
            </Text>
          )}
          {co?.contactCount !== undefined && (
            <Text size="sm" c="dimmed">
              {t('colleagues', { count: Math.max(0, co.contactCount - 1) })}
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}
