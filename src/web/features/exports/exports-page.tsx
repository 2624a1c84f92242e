import { Alert, Anchor, Badge, Button, Center, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ExportDto } from '../../../shared/exports.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { downloadUrl, useExports } from './use-exports.ts';

const colour: Record<ExportDto['status'], string> = {
  queued: 'gray',
  running: 'blue',
  done: 'green',
  failed: 'red',
  cancelled: 'gray',
};

/** /exports: the caller's recent exports with their status and download. */
export function ExportsPage() {
  const { t, i18n } = useTranslation('exports');
  const lng = i18n.language;
  usePageTitle(t('pageTitle'));
  const list = useExports();
  const rows = list.data?.data ?? [];
  return (
    <Stack gap="sm" maw={1000}>
      <Title order={1} size="h2">
        {t('recent')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('recentHint')}
      </Text>
      {list.isPending ? (
        <Center p="xl">
          <Loader />
        </Center>
      ) : list.isError ? (
        <Alert color="red">{String(list.error)}</Alert>
      ) : rows.length === 0 ? (
        <Text c="dimmed" p="md">
          {t('empty')}
        </Text>
      ) : (
        <Table striped highlightOnHover aria-label={t('recent')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('table.what')}</Table.Th>
              <Table.Th>{t('table.format')}</Table.Th>
              <Table.Th ta="right">{t('table.rows')}</Table.Th>
              <Table.Th>{t('table.status')}</Table.Th>
              <Table.Th>{t('table.created')}</Table.Th>
              <Table.Th>{t('table.file')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => {
              const url = downloadUrl(e);
              return (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ textTransform: 'capitalize' }}>{t(`entity.${e.entity}`)}</Table.Td>
                  <Table.Td>{t(`formats.${e.format}`)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(e.rows, lng)}</Table.Td>
                  <Table.Td>
                    <Badge color={colour[e.status]} variant="light">
                      {t(`status.${e.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(e.createdAt, lng)}</Table.Td>
                  <Table.Td>
                    {url && e.file ? (
                      <Button
                        component="a"
                        href={url}
                        download={e.file.name}
                        size="compact-sm"
                        variant="light"
                        leftSection={<IconDownload size={14} />}
                        aria-label={`${t('download')} ${e.file.name}`}
                      >
                        {e.file.name}
                      </Button>
                    ) : (
                      <Anchor component="span" c="dimmed" size="sm">
                        —
                      </Anchor>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
