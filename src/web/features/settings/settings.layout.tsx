import { Alert, Stack, Tabs, Text, Title } from '@mantine/core';
import {
  IconApi,
  IconBuildingStore,
  IconChartDots3,
  IconDatabaseExport,
  IconFileDescription,
  IconForms,
  IconInfoCircle,
  IconPercentage,
  IconPlugConnected,
  IconTags,
  IconTimeline,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { hasRole, useSession } from '../../lib/session.ts';

export const sections = [
  { path: '/settings/users', label: 'tabs.users', icon: IconUsers },
  { path: '/settings/teams', label: 'tabs.teams', icon: IconUsersGroup },
  { path: '/settings/api-keys', label: 'tabs.apiKeys', icon: IconApi },
  { path: '/settings/custom-fields', label: 'tabs.customFields', icon: IconForms },
  { path: '/settings/integrations', label: 'tabs.integrations', icon: IconPlugConnected },
  { path: '/settings/sales', label: 'tabs.sales', icon: IconBuildingStore },
  { path: '/settings/tax-rates', label: 'tabs.taxRates', icon: IconPercentage },
  { path: '/settings/price-lists', label: 'tabs.priceLists', icon: IconTags },
  { path: '/settings/pipelines', label: 'tabs.pipelines', icon: IconTimeline },
  { path: '/settings/quote-templates', label: 'tabs.quoteTemplates', icon: IconFileDescription },
  { path: '/settings/analytics', label: 'analytics:settings.tab', icon: IconChartDots3 },
  { path: '/settings/backup', label: 'backup:tab', icon: IconDatabaseExport },
] as const;

/** Settings frame: a title, one tab per section (each its own URL), and the section below. */
export function SettingsLayout() {
  const { t } = useTranslation('settings');
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const current = sections.find((s) => pathname.startsWith(s.path))?.path ?? null;
  return (
    <Stack gap="md" maw={1200}>
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      <Tabs value={current} onChange={(v) => v && void navigate({ to: v })} keepMounted={false}>
        <Tabs.List aria-label={t('tabs.label')}>
          {sections.map((s) => (
            <Tabs.Tab key={s.path} value={s.path} leftSection={<s.icon size={16} />}>
              {t(s.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {sections.map((s) => (
          <Tabs.Panel key={s.path} value={s.path} pt="md">
            {current === s.path && <Outlet />}
          </Tabs.Panel>
        ))}
      </Tabs>
      {/* /settings itself only redirects to a section. */}
      {current === null && <Outlet />}
    </Stack>
  );
}

/** The note non-admins see above a section they may read but not change. */
export function ReadOnlyNote() {
  const { t } = useTranslation('settings');
  const user = useSession().data?.user;
  if (hasRole(user, 'admin')) return null;
  return (
    <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
      {t('readOnly')}
    </Alert>
  );
}

export function SectionIntro({ children }: { children: string }) {
  return (
    <Text c="dimmed" size="sm">
      {children}
    </Text>
  );
}
