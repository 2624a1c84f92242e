import { Anchor, Avatar, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TagBadges } from './field-value.tsx';
import { LifecycleBadge } from './lifecycle-badge.tsx';
import { useUsers } from './use-users.ts';

type Props = {
  listLabel: string;
  listPath: string;
  name: string;
  initials: string;
  subtitle?: ReactNode;
  lifecycleStage: string | null;
  ownerId: string | null;
  /** What the owner is called here: a company's is its account manager. */
  ownerLabel?: string;
  tags: string[];
  actions?: ReactNode;
  color?: string;
};

export const initialsOf = (s: string) =>
  s
    .split(/[\s@.-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('') || '?';

/** Name, what the record is, lifecycle, owner and tags at a glance, with the record's actions. */
export function RecordHeader(p: Props) {
  const { t } = useTranslation('records');
  const { nameOf } = useUsers();
  const owner = nameOf(p.ownerId);
  return (
    <Stack gap="xs">
      <Breadcrumbs separator="›" fz="sm">
        <Anchor component={Link} to={p.listPath} size="sm">
          {p.listLabel}
        </Anchor>
        <Text size="sm" c="dimmed" truncate maw={320}>
          {p.name}
        </Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Group gap="md" wrap="nowrap" align="flex-start" miw={0} style={{ flex: '1 1 300px' }}>
          <Avatar size={56} radius="xl" color={p.color ?? 'teal'} variant="light">
            {p.initials}
          </Avatar>
          <Stack gap={4} miw={0}>
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
              {p.name}
            </Title>
            {p.subtitle && (
              <Text size="sm" c="dimmed" component="div">
                {p.subtitle}
              </Text>
            )}
            <Group gap="xs" wrap="wrap" mt={2}>
              <LifecycleBadge stage={p.lifecycleStage} />
              <Text size="sm" c="dimmed">
                {p.ownerLabel ?? t('record.owner')}:{' '}
                <Text span size="sm" c="var(--mantine-color-text)">
                  {owner ?? t('form.unassigned')}
                </Text>
              </Text>
              {p.tags.length > 0 && <TagBadges tags={p.tags} />}
            </Group>
          </Stack>
        </Group>
        {p.actions}
      </Group>
    </Stack>
  );
}
