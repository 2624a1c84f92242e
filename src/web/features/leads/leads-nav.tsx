import { Tabs } from '@mantine/core';
import { useNavigate, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { hasRole, useSession } from '../../lib/session.ts';

const tabs = [
  { to: '/leads', key: 'list' },
  { to: '/leads/forms', key: 'forms' },
  { to: '/leads/scoring', key: 'scoring' },
  { to: '/leads/assignment', key: 'assignment' },
] as const;

/** The lead pages as tabs: the list, and (for managers) forms, scoring and assignment rules. */
export function LeadsNav() {
  const { t } = useTranslation('leads');
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const manager = hasRole(useSession().data?.user, 'manager');
  const shown = manager ? tabs : tabs.slice(0, 1);
  return (
    <Tabs value={pathname} onChange={(v) => v && void navigate({ to: v })} aria-label={t('title')}>
      <Tabs.List>
        {shown.map((tab) => (
          <Tabs.Tab key={tab.to} value={tab.to}>
            {t(`tabs.${tab.key}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
