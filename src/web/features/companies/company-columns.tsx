import { Anchor, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyDto } from '../../../shared/companies.ts';
import { countryName, formatDate, formatDateTime, formatNumber } from '../../lib/format.ts';
import { Empty, ExternalLink, TagBadges } from '../records/field-value.tsx';
import { LifecycleBadge } from '../records/lifecycle-badge.tsx';
import type { ColumnSpec } from '../records/record-table.tsx';
import { useUsers } from '../records/use-users.ts';

export const defaultCompanyColumns = [
  'domain',
  'industry',
  'employees',
  'lifecycleStage',
  'ownerId',
  'tags',
  'createdAt',
];

const text = (v: string | null | undefined) => (v ? v : <Empty />);

/** The standard columns of the companies list; `name` leads and cannot be hidden. */
export function useCompanyColumns(): ColumnSpec<CompanyDto>[] {
  const { t, i18n } = useTranslation('records');
  const { t: tc } = useTranslation();
  const { nameOf, users } = useUsers();
  const lng = i18n.language;
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the language or the users change
  return useMemo(
    () => [
      {
        id: 'name',
        header: t('fields.name'),
        width: 230,
        sortField: 'name',
        cell: (c) => (
          <Anchor component={Link} to={`/companies/${c.id}`} size="sm" fw={600} c="var(--mantine-color-text)">
            {c.name}
          </Anchor>
        ),
      },
      {
        id: 'domain',
        header: t('fields.domain'),
        width: 190,
        sortField: 'domain',
        cell: (c) =>
          c.domain ? (
            <ExternalLink href={c.website ?? `https://${c.domain}`}>{c.domain}</ExternalLink>
          ) : (
            <Empty />
          ),
      },
      {
        id: 'industry',
        header: t('fields.industry'),
        width: 160,
        sortField: 'industry',
        cell: (c) => text(c.industry),
      },
      {
        id: 'employees',
        header: t('fields.employees'),
        width: 130,
        sortField: 'employees',
        cell: (c) => (c.employees === null ? <Empty /> : formatNumber(c.employees, lng)),
      },
      { id: 'email', header: t('fields.email'), width: 220, cell: (c) => text(c.emails[0]?.address) },
      { id: 'phone', header: t('fields.phone'), width: 160, cell: (c) => text(c.phones[0]?.number) },
      {
        id: 'lifecycleStage',
        header: t('fields.lifecycleStage'),
        width: 175,
        sortField: 'lifecycleStage',
        cell: (c) => (c.lifecycleStage ? <LifecycleBadge stage={c.lifecycleStage} /> : <Empty />),
      },
      {
        id: 'relationshipType',
        header: t('fields.relationshipType'),
        width: 160,
        sortField: 'relationshipType',
        cell: (c) => (c.relationshipType ? tc(`relationshipType.${c.relationshipType}`) : <Empty />),
      },
      {
        id: 'relationshipStage',
        header: t('fields.relationshipStage'),
        width: 160,
        sortField: 'relationshipStage',
        cell: (c) => (c.relationshipStage ? tc(`relationshipStage.${c.relationshipStage}`) : <Empty />),
      },
      { id: 'ownerId', header: t('fields.accountManager'), width: 160, cell: (c) => text(nameOf(c.ownerId)) },
      { id: 'tags', header: t('fields.tags'), width: 200, cell: (c) => <TagBadges tags={c.tags} max={3} /> },
      {
        id: 'customerSince',
        header: t('fields.customerSince'),
        width: 140,
        sortField: 'customerSince',
        cell: (c) => text(c.customerSince && formatDate(c.customerSince, lng)),
      },
      {
        id: 'country',
        header: t('fields.country'),
        width: 140,
        cell: (c) => text(c.addresses[0] && countryName(c.addresses[0].country, lng)),
      },
      {
        id: 'createdAt',
        header: t('fields.createdAt'),
        width: 150,
        sortField: 'createdAt',
        cell: (c) => (
          <Text span size="sm" title={formatDateTime(c.createdAt, lng)}>
            {formatDate(c.createdAt, lng)}
          </Text>
        ),
      },
      {
        id: 'updatedAt',
        header: t('fields.updatedAt'),
        width: 160,
        sortField: 'updatedAt',
        cell: (c) => formatDateTime(c.updatedAt, lng),
      },
    ],
    [lng, users],
  );
}
