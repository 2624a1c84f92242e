import {
  Alert,
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  Menu,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconChevronDown, IconFileImport, IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { importEntities, importRoles } from '../../../shared/imports.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useShortcuts } from '../records/use-shortcuts.ts';
import { useUsers } from '../records/use-users.ts';
import { ImportStatusBadge } from './import-parts.tsx';
import classes from './imports.module.css';
import { UndoButton } from './undo-button.tsx';
import { type ImportSummaryRow, useImportList } from './use-imports.ts';

/** The "New import" button, with the record type to import as a menu. */
function NewImportMenu() {
  const { t } = useTranslation('imports');
  const user = useSession().data?.user;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button leftSection={<IconPlus size={16} />} rightSection={<IconChevronDown size={14} />}>
          {t('new')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {importEntities
          .filter((e) => hasRole(user, importRoles[e]))
          .map((e) => (
            <Menu.Item key={e} component={Link} to="/imports/new" search={{ entity: e } as never}>
              {t(`entity.${e}`)}
            </Menu.Item>
          ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** created · updated · skipped · failed, as one short line. */
function ResultLine({ row }: { row: ImportSummaryRow }) {
  const { t, i18n } = useTranslation('imports');
  const n = (v: number) => formatNumber(v, i18n.language);
  const s = row.stats;
  if (row.status === 'draft' || s.rowsDone === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Text size="sm">
      {t('list.result', { created: n(s.created), updated: n(s.updated), skipped: n(s.skipped) })}
      {s.failed > 0 && (
        <Text span c="red" size="sm">
          {' · '}
          {t('list.failed', { failed: n(s.failed) })}
        </Text>
      )}
    </Text>
  );
}

/** /imports — recent imports with their status and counts; Undo for finished ones; `n` starts a new one. */
export function ImportsPage() {
  const { t, i18n } = useTranslation('imports');
  const message = useErrorMessage();
  const navigate = useNavigate();
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const { nameOf } = useUsers();
  const list = useImportList();
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  usePageTitle(t('title'));
  useShortcuts({ n: () => canWrite && void navigate({ to: '/imports/new' }) });

  return (
    <Stack gap="sm" maw={1280}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        {canWrite && <NewImportMenu />}
      </Group>
      {list.isError ? (
        <Alert color="red">{message(list.error)}</Alert>
      ) : list.isPending ? (
        <Center py="xl">
          <Loader size="sm" aria-label={t('loading')} />
        </Center>
      ) : rows.length === 0 ? (
        <Stack align="center" gap="xs" py="xl">
          <ThemeIcon variant="light" size={44} radius="xl">
            <IconFileImport size={22} />
          </ThemeIcon>
          <Text c="dimmed" ta="center" maw={460}>
            {t('list.empty')}
          </Text>
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table
            className={classes.table}
            aria-label={t('list.label')}
            verticalSpacing={8}
            highlightOnHover
            layout="fixed"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('list.file')}</Table.Th>
                <Table.Th w={130}>{t('list.status')}</Table.Th>
                <Table.Th w={290}>{t('list.resultHeader')}</Table.Th>
                <Table.Th w={190}>{t('list.started')}</Table.Th>
                <Table.Th w={170} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/imports/${row.id}`} size="sm" fw={600} lineClamp={2}>
                      {row.fileName}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {t(`entity.${row.entity}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <ImportStatusBadge status={row.status} />
                  </Table.Td>
                  <Table.Td>
                    <ResultLine row={row} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(row.createdAt, i18n.language)}</Text>
                    <Text size="xs" c="dimmed">
                      {nameOf(row.createdById) ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {canWrite &&
                      (row.status === 'done' || (row.status === 'cancelled' && row.stats.rowsDone > 0)) && (
                        <UndoButton
                          importId={row.id}
                          entity={row.entity}
                          stats={row.stats}
                          fileName={row.fileName}
                          size="xs"
                        />
                      )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            size="xs"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
