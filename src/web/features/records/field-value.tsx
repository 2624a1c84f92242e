import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AddressEntry, EmailEntry, PhoneEntry } from '../../../shared/crm.ts';
import { type CustomFieldDto, isEmptyValue } from '../../../shared/custom-fields.ts';
import { countryName, formatDate, formatDateTime, formatMoney, formatNumber } from '../../lib/format.ts';
import { languageName } from '../../lib/languages.ts';
import { CompanyName } from './company-name.tsx';
import type { EntityKind } from './record-types.ts';
import { optionLabel, useCustomFields } from './use-custom-fields.ts';
import { useUsers } from './use-users.ts';

const isHttp = (v: string) => /^https?:\/\//i.test(v);

export function ExternalLink({ href, children }: { href: string; children?: ReactNode }) {
  if (!isHttp(href)) return <>{children ?? href}</>;
  return (
    <Anchor
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      size="sm"
      style={{ wordBreak: 'break-all' }}
    >
      {children ?? href.replace(/^https?:\/\/(www\.)?/i, '')}
    </Anchor>
  );
}

export function Empty() {
  const { t } = useTranslation();
  return (
    <Text span c="dimmed" size="sm">
      {t('states.none')}
    </Text>
  );
}

export function TagBadges({ tags, max }: { tags: string[]; max?: number }) {
  if (!tags.length) return <Empty />;
  const shown = max ? tags.slice(0, max) : tags;
  return (
    <Group gap={4} wrap={max ? 'nowrap' : 'wrap'}>
      {shown.map((tag) => (
        <Badge
          key={tag}
          variant="light"
          color="gray"
          size="sm"
          radius="sm"
          tt="none"
          style={{ flexShrink: 0 }}
        >
          {tag}
        </Badge>
      ))}
      {max && tags.length > max && (
        <Text span size="xs" c="dimmed">
          +{tags.length - max}
        </Text>
      )}
    </Group>
  );
}

export function AddressLines({ address }: { address: AddressEntry }) {
  const { i18n } = useTranslation();
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
      {[address.street, cityLine, address.region, countryName(address.country, i18n.language)]
        .filter(Boolean)
        .join('\n')}
    </Text>
  );
}

/** One custom field value, formatted for its type in the UI language. */
export function CustomValue({
  def,
  value,
  inline,
}: {
  def: CustomFieldDto;
  value: unknown;
  inline?: boolean;
}) {
  const { t, i18n } = useTranslation('records');
  const lng = i18n.language;
  if (isEmptyValue(value)) return <Empty />;
  switch (def.type) {
    case 'url':
      return <ExternalLink href={String(value)} />;
    case 'email':
      return (
        <Anchor href={`mailto:${String(value)}`} size="sm">
          {String(value)}
        </Anchor>
      );
    case 'phone':
      return (
        <Anchor href={`tel:${String(value).replace(/[^+0-9]/g, '')}`} size="sm">
          {String(value)}
        </Anchor>
      );
    case 'integer':
    case 'decimal':
      return <>{typeof value === 'number' ? formatNumber(value, lng) : String(value)}</>;
    case 'money':
      return <>{formatMoney(value as { amount: number; currency: string }, lng)}</>;
    case 'date':
      return <>{formatDate(String(value), lng)}</>;
    case 'boolean':
      return <>{value ? t('values.yes') : t('values.no')}</>;
    case 'select':
      return <>{optionLabel(def, String(value), lng)}</>;
    case 'multi_select':
      return (
        <TagBadges
          max={inline ? 3 : undefined}
          tags={(Array.isArray(value) ? value : [value]).map((v) => optionLabel(def, String(v), lng))}
        />
      );
    case 'long_text':
      if (inline) return <>{String(value)}</>;
      return (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {String(value)}
        </Text>
      );
    default:
      return <>{String(value)}</>;
  }
}

/**
 * Any field of a record (standard or `custom.<key>`) rendered readably: enums translated, owners and
 * companies by name, dates in the UI language. Used by the details panel and the history.
 */
export function FieldValue({ kind, field, value }: { kind: EntityKind; field: string; value: unknown }) {
  const { t, i18n } = useTranslation();
  const { defs } = useCustomFields(kind);
  const { nameOf } = useUsers();
  const lng = i18n.language;
  if (field.startsWith('custom.')) {
    const def = defs.find((d) => `custom.${d.key}` === field);
    if (!def)
      return isEmptyValue(value) ? (
        <Empty />
      ) : typeof value === 'object' ? (
        JSON.stringify(value)
      ) : (
        String(value)
      );
    return <CustomValue def={def} value={value} />;
  }
  if (isEmptyValue(value)) return <Empty />;
  switch (field) {
    case 'lifecycleStage':
      return <>{t(`lifecycle.${String(value)}`)}</>;
    case 'relationshipType':
      return <>{t(`relationshipType.${String(value)}`)}</>;
    case 'relationshipStage':
      return <>{t(`relationshipStage.${String(value)}`)}</>;
    case 'preferredChannel':
      return <>{t(`channel.${String(value)}`)}</>;
    case 'ownerId':
      return <>{nameOf(String(value)) ?? t('states.none')}</>;
    case 'companyId':
      return <CompanyName id={String(value)} />;
    case 'birthday':
    case 'customerSince':
      return <>{formatDate(String(value), lng)}</>;
    case 'createdAt':
    case 'updatedAt':
    case 'deletedAt':
      return <>{formatDateTime(String(value), lng)}</>;
    case 'language':
      return <>{languageName(String(value), lng)}</>;
    case 'employees':
      return <>{formatNumber(Number(value), lng)}</>;
    case 'website':
      return <ExternalLink href={String(value)} />;
    case 'tags':
      return <TagBadges tags={value as string[]} />;
    case 'emails':
      return (
        <Stack gap={2}>
          {(value as EmailEntry[]).map((e) => (
            <Text key={`${e.address}-${e.label}`} size="sm">
              <Anchor href={`mailto:${e.address}`} size="sm">
                {e.address}
              </Anchor>{' '}
              <Text span c="dimmed" size="xs">
                {t(`label.${e.label}`)}
              </Text>
            </Text>
          ))}
        </Stack>
      );
    case 'phones':
      return (
        <Stack gap={2}>
          {(value as PhoneEntry[]).map((p) => (
            <Text key={`${p.number}-${p.label}`} size="sm">
              <Anchor href={`tel:${p.number.replace(/[^+0-9]/g, '')}`} size="sm">
                {p.number}
              </Anchor>{' '}
              <Text span c="dimmed" size="xs">
                {t(`label.${p.label}`)}
              </Text>
            </Text>
          ))}
        </Stack>
      );
    case 'addresses':
      return (
        <Stack gap="xs">
          {(value as AddressEntry[]).map((a) => (
            <div key={`${a.label}-${a.street}-${a.city}-${a.country}`}>
              <Text size="xs" c="dimmed">
                {t(`label.${a.label}`)}
              </Text>
              <AddressLines address={a} />
            </div>
          ))}
        </Stack>
      );
    default:
      return <>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</>;
  }
}

export function RecordLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm">
      {children}
    </Anchor>
  );
}
