import { ActionIcon, Alert, Center, Loader, Menu, Table, Text } from '@mantine/core';
import { IconDots } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export const nowrap = { whiteSpace: 'nowrap' } as const;

/** Loading, error and empty states shared by the settings tables. */
export function TableState({
  isPending,
  error,
  empty,
  emptyText,
  onRetry,
}: {
  isPending: boolean;
  error: unknown;
  empty: boolean;
  emptyText: string;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  if (isPending) {
    return (
      <Center py="xl">
        <Loader size="sm" aria-label={t('states.loading')} />
      </Center>
    );
  }
  if (error) {
    return (
      <Alert color="red" role="alert" title={t('states.error')}>
        <Text
          size="sm"
          component="button"
          type="button"
          onClick={onRetry}
          td="underline"
          c="inherit"
          bg="none"
          bd="none"
          p={0}
          style={{ cursor: 'pointer' }}
        >
          {t('actions.retry')}
        </Text>
      </Alert>
    );
  }
  if (empty) {
    return (
      <Text c="dimmed" ta="center" py="xl">
        {emptyText}
      </Text>
    );
  }
  return null;
}

/** The "…" menu at the end of a row; its accessible name says which row it acts on. */
export function RowMenu({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={label}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>{children}</Menu.Dropdown>
    </Menu>
  );
}

export function SettingsTable({
  minWidth,
  head,
  children,
}: {
  minWidth: number;
  head: ReactNode;
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table highlightOnHover verticalSpacing="sm" striped={false}>
        <Table.Thead>{head}</Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
