import { Button, Center, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportEntity } from '../../../shared/imports.ts';
import { formatNumber } from '../../lib/format.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import classes from './imports.module.css';
import { useProblemText } from './problem-text.ts';
import { errorReportHref, useImportErrors, useImportTargets } from './use-imports.ts';

type Props = {
  importId: string;
  entity: ImportEntity;
  dryRun: boolean;
  /** How many rows failed (the table loads them page by page). */
  count: number;
  /** Changes when a new run finished: the list is read again. */
  stamp: string;
};

/** The rows that failed (or would fail): row, field, value, reason; "load more" by cursor; CSV download. */
export function ErrorsTable({ importId, entity, dryRun, count, stamp }: Props) {
  const { t, i18n } = useTranslation('imports');
  const message = useErrorMessage();
  const reason = useProblemText();
  const targets = useImportTargets(entity).data;
  const errors = useImportErrors(importId, dryRun, count > 0, stamp);
  const rows = useMemo(() => errors.data?.pages.flatMap((p) => p.data) ?? [], [errors.data]);
  const fieldLabel = (key: string | null) =>
    key ? (targets?.find((x) => x.key === key)?.label ?? key) : t('errors.wholeRow');
  const title = t(dryRun ? 'errors.titleDry' : 'errors.title');

  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h4">
          {title}{' '}
          <Text span c="dimmed" fw={400}>
            ({formatNumber(count, i18n.language)})
          </Text>
        </Title>
        {count > 0 && (
          <Button
            component="a"
            href={errorReportHref(importId, dryRun)}
            download
            variant="default"
            size="xs"
            leftSection={<IconDownload size={14} />}
          >
            {t('errors.download')}
          </Button>
        )}
      </Group>
      {count === 0 ? (
        <Text size="sm" c="dimmed">
          {t('errors.none')}
        </Text>
      ) : errors.isError ? (
        <Text size="sm" c="red">
          {message(errors.error)}
        </Text>
      ) : errors.isPending ? (
        <Center py="md">
          <Loader size="sm" aria-label={t('loading')} />
        </Center>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table
            className={`${classes.table} ${classes.baseline}`}
            aria-label={title}
            verticalSpacing={4}
            layout="fixed"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={80}>{t('errors.row')}</Table.Th>
                <Table.Th w="20%">{t('errors.field')}</Table.Th>
                <Table.Th w="25%">{t('errors.value')}</Table.Th>
                <Table.Th>{t('errors.message')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a row can fail on several fields
                <Table.Tr key={`${e.rowNo}-${e.field}-${i}`}>
                  <Table.Td className={classes.mono}>{e.rowNo}</Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate>
                      {fieldLabel(e.field)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" truncate title={e.value ?? ''}>
                      {e.value ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{reason(e)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {errors.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            size="xs"
            loading={errors.isFetchingNextPage}
            onClick={() => void errors.fetchNextPage()}
          >
            {t('errors.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
