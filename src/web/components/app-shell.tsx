import {
  ActionIcon,
  AppShell,
  Burger,
  Center,
  Group,
  Kbd,
  Loader,
  Menu,
  NavLink,
  SegmentedControl,
  Text,
  UnstyledButton,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import {
  IconAddressBook,
  IconArrowsJoin,
  IconBuilding,
  IconCalendar,
  IconChartDots3,
  IconChecklist,
  IconChevronDown,
  IconFileImport,
  IconFileText,
  IconHeartHandshake,
  IconLogout,
  IconPackage,
  IconReceipt,
  IconRoute,
  IconSearch,
  IconSettings,
  IconShoppingCart,
  IconTargetArrow,
  IconTrash,
  IconUserSearch,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, type UiLanguage } from '../../shared/common.ts';
import { NotificationBell } from '../features/notifications/notification-bell.tsx';
import { setLanguage } from '../i18n/index.ts';
import { api } from '../lib/api.ts';
import { hasRole, useSession, useSetSession } from '../lib/session.ts';
import { GlobalSearch } from './global-search.tsx';

/** The signed-in frame: navigation by CRM area, global search, user menu with language and theme. */
export function AppLayout() {
  const session = useSession();
  const { t, i18n } = useTranslation();
  const { t: tj } = useTranslation('journey');
  const { t: ta } = useTranslation('analytics');
  const { t: tt } = useTranslation('tasks');
  const { t: tc } = useTranslation('calendar');
  const { t: tr } = useTranslation('relationships');
  const { t: ts } = useTranslation(['leads', 'deals', 'quotes', 'orders', 'invoices', 'products', 'imports']);
  const [opened, { toggle, close }] = useDisclosure();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const user = session.data?.user;

  useEffect(() => {
    if (
      user &&
      user.language !== i18n.language &&
      (languages as readonly string[]).includes(user.language) &&
      !localStorage.getItem('rapport.language')
    ) {
      void setLanguage(user.language as UiLanguage);
    }
  }, [user, i18n.language]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the mobile menu closes whenever the page changes
  useEffect(() => close(), [pathname]);

  if (session.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label={t('states.loading')} />
      </Center>
    );
  }
  if (!user) return <Navigate to="/login" />;

  const nav = [
    { to: '/contacts', label: t('nav.contacts'), icon: IconAddressBook },
    { to: '/companies', label: t('nav.companies'), icon: IconBuilding },
    { to: '/leads', label: ts('nav', { ns: 'leads' }), icon: IconUserSearch },
    { to: '/deals', label: ts('nav', { ns: 'deals' }), icon: IconTargetArrow },
    { to: '/quotes', label: ts('nav', { ns: 'quotes' }), icon: IconFileText },
    { to: '/orders', label: ts('nav', { ns: 'orders' }), icon: IconShoppingCart },
    { to: '/invoices', label: ts('nav', { ns: 'invoices' }), icon: IconReceipt },
    { to: '/products', label: ts('nav', { ns: 'products' }), icon: IconPackage },
    { to: '/tasks', label: tt('nav'), icon: IconChecklist },
    { to: '/calendar', label: tc('nav'), icon: IconCalendar },
    { to: '/stay-in-touch', label: tr('nav'), icon: IconHeartHandshake },
    { to: '/journey', label: tj('nav'), icon: IconRoute },
    { to: '/customer-value', label: ta('nav'), icon: IconChartDots3 },
    { to: '/duplicates', label: ts('nav', { ns: 'merge' }), icon: IconArrowsJoin },
    { to: '/imports', label: ts('nav', { ns: 'imports' }), icon: IconFileImport },
    { to: '/recycle-bin', label: t('nav.recycleBin'), icon: IconTrash },
    ...(hasRole(user, 'viewer') ? [{ to: '/settings', label: t('nav.settings'), icon: IconSettings }] : []),
  ];

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.main')} />
            <Text fw={800} size="lg" c="teal.7" component={Link} to="/contacts">
              {t('appName')}
            </Text>
          </Group>
          <UnstyledButton
            onClick={() => spotlight.open()}
            aria-label={t('search.open')}
            style={{ flex: '0 1 420px' }}
          >
            <Group
              gap="xs"
              px="sm"
              py={6}
              wrap="nowrap"
              style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
            >
              <IconSearch size={16} />
              <Text size="sm" c="dimmed" style={{ flex: 1 }} truncate>
                {t('search.placeholder')}
              </Text>
              <Kbd size="xs" visibleFrom="sm">
                {t('search.shortcut')}
              </Kbd>
            </Group>
          </UnstyledButton>
          <Group gap={4} wrap="nowrap">
            <NotificationBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')}>
        {nav.map((n) => (
          <NavLink
            key={n.to}
            component={Link}
            to={n.to}
            label={n.label}
            leftSection={<n.icon size={18} />}
            active={pathname === n.to || pathname.startsWith(`${n.to}/`)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
      <GlobalSearch />
    </AppShell>
  );
}

function UserMenu() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const setSession = useSetSession();
  const qc = useQueryClient();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const user = session.data?.user;
  const changeLanguage = async (lng: UiLanguage) => {
    await setLanguage(lng);
    await api('/auth/me', { method: 'PATCH', body: { language: lng } }).catch(() => {});
  };
  const navigate = useNavigate();
  const logout = async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => {});
    setSession(null);
    // Drop everything cached for this user (but keep the session entry the layout is watching).
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    await navigate({ to: '/login' });
  };
  return (
    <Menu position="bottom-end" width={260} closeOnItemClick={false}>
      <Menu.Target>
        <ActionIcon variant="subtle" size="lg" w="auto" px="xs" aria-label={t('user.menu')}>
          <Group gap={4} wrap="nowrap">
            <Text size="sm" truncate maw={160}>
              {user?.name || user?.email}
            </Text>
            <IconChevronDown size={14} />
          </Group>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user?.email}</Menu.Label>
        <Menu.Label>{t('user.language')}</Menu.Label>
        <SegmentedControl
          fullWidth
          size="xs"
          mx="xs"
          aria-label={t('user.language')}
          value={i18n.language}
          onChange={(v) => void changeLanguage(v as UiLanguage)}
          data={languages.map((l) => ({ value: l, label: l.toUpperCase() }))}
        />
        <Menu.Label mt="xs">{t('user.theme')}</Menu.Label>
        <SegmentedControl
          fullWidth
          size="xs"
          mx="xs"
          aria-label={t('user.theme')}
          value={colorScheme}
          onChange={(v) => setColorScheme(v as 'light' | 'dark' | 'auto')}
          data={[
            { value: 'light', label: t('user.light') },
            { value: 'dark', label: t('user.dark') },
            { value: 'auto', label: t('user.auto') },
          ]}
        />
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void logout()}>
          {t('user.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
