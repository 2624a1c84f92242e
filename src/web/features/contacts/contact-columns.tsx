import { Anchor, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactDto } from '../../../shared/contacts.ts';
import { contactName, countryName, formatDate, formatDateTime } from '../../lib/format.ts';
import { languageName } from '../../lib/languages.ts';
import { CompanyName } from '../records/company-name.tsx';
import { Empty, TagBadges } from '../records/field-value.tsx';
import { LifecycleBadge } from '../records/lifecycle-badge.tsx';
import type { ColumnSpec } from '../records/record-table.tsx';
import { useUsers } from '../records/use-users.ts';

export const defaultContactColumns = [
  'email',
  'companyId',
  'jobTitle',
  'lifecycleStage',
  'ownerId',
  'tags',
  'createdAt',
];

const text = (v: string | null | undefined) => (v ? v : <Empty />);

/** The standard columns of the contacts list; `name` leads and cannot be hidden. */
export function useContactColumns(): ColumnSpec<ContactDto>[] {
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
        width: 220,
        sortField: 'lastName',
        cell: (c) => (
          <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={600} c="var(--mantine-color-text)">
            {contactName(c)}
          </Anchor>
        ),
      },
      {
        id: 'email',
        header: t('fields.email'),
        width: 230,
        cell: (c) =>
          c.emails[0] ? (
            <Anchor href={`mailto:${c.emails[0].address}`} size="sm">
              {c.emails[0].address}
            </Anchor>
          ) : (
            <Empty />
          ),
      },
      { id: 'phone', header: t('fields.phone'), width: 160, cell: (c) => text(c.phones[0]?.number) },
      {
        id: 'companyId',
        header: t('fields.companyId'),
        width: 190,
        cell: (c) => (c.companyId ? <CompanyName id={c.companyId} name={c.companyName} /> : <Empty />),
      },
      {
        id: 'jobTitle',
        header: t('fields.jobTitle'),
        width: 190,
        sortField: 'jobTitle',
        cell: (c) => text(c.jobTitle),
      },
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
      { id: 'ownerId', header: t('fields.ownerId'), width: 160, cell: (c) => text(nameOf(c.ownerId)) },
      { id: 'tags', header: t('fields.tags'), width: 200, cell: (c) => <TagBadges tags={c.tags} max={3} /> },
      {
        id: 'birthday',
        header: t('fields.birthday'),
        width: 130,
        sortField: 'birthday',
        cell: (c) => text(c.birthday && formatDate(c.birthday, lng)),
      },
      {
        id: 'customerSince',
        header: t('fields.customerSince'),
        width: 140,
        sortField: 'customerSince',
        cell: (c) => text(c.customerSince && formatDate(c.customerSince, lng)),
      },
      {
        id: 'language',
        header: t('fields.language'),
        width: 130,
        sortField: 'language',
        cell: (c) => text(c.language && languageName(c.language, lng)),
      },
      {
        id: 'preferredChannel',
        header: t('fields.preferredChannel'),
        width: 150,
        sortField: 'preferredChannel',
        cell: (c) => (c.preferredChannel ? tc(`channel.${c.preferredChannel}`) : <Empty />),
      },
      {
        id: 'source',
        header: t('fields.source'),
        width: 140,
        sortField: 'source',
        cell: (c) => text(c.source),
      },
      {
        id: 'country',
        header: t('fields.country'),
        width: 140,
        cell: (c) => text(c.addresses[0] && countryName(c.addresses[0].country, lng)),
      },
      {
        id: 'stayInTouchDays',
        header: t('fields.stayInTouchDays'),
        width: 150,
        sortField: 'stayInTouchDays',
        cell: (c) => text(c.stayInTouchDays === null ? null : String(c.stayInTouchDays)),
      },
      {
        id: 'touchDueAt',
        header: t('fields.touchDueAt'),
        width: 170,
        sortField: 'touchDueAt',
        cell: (c) =>
          c.touchDueAt ? (
            <Text span size="sm" c={new Date(c.touchDueAt).getTime() <= Date.now() ? 'red' : undefined}>
              {formatDate(c.touchDueAt, lng)}
            </Text>
          ) : (
            <Empty />
          ),
      },
      {
        id: 'createdAt',
        header: t('fields.createdAt'),
        width: 160,
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
