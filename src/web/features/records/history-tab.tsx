import {
  Alert,
  Button,
  Center,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Timeline,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconArrowRight, IconPencil, IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isEmptyValue } from '../../../shared/custom-fields.ts';
import type { HistoryEntry } from '../../../shared/history.ts';
import { api, qs } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { relativeTime } from '../../lib/relative-time.ts';
import { FieldValue } from './field-value.tsx';
import { type EntityKind, entities, recordKeys } from './record-types.ts';
import { useFieldLabel } from './use-field-label.ts';
import { useErrorMessage } from './use-record-actions.ts';

const icons = { create: IconPlus, update: IconPencil, delete: IconTrash, restore: IconRestore } as const;
const colors = { create: 'teal', update: 'blue', delete: 'red', restore: 'orange' } as const;

/** Who changed what and when, newest first, field by field with old → new values. */
export function HistoryTab({ kind, id }: { kind: EntityKind; id: string }) {
  const { t, i18n } = useTranslation('records');
  const message = useErrorMessage();
  const q = useInfiniteQuery({
    queryKey: recordKeys.history(kind, id),
    queryFn: ({ pageParam, signal }) =>
      api<{ data: HistoryEntry[]; nextCursor: string | null }>(
        `/${entities[kind].plural}/${id}/history${qs({ limit: 25, cursor: pageParam })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (q.isPending) {
    return (
      <Center py="xl">
        <Loader size="sm" aria-label={t('list.loading')} />
      </Center>
    );
  }
  if (q.isError) return <Alert color="red">{message(q.error)}</Alert>;
  const entries = q.data.pages.flatMap((p) => p.data);
  if (!entries.length) return <Text c="dimmed">{t('history.empty')}</Text>;
  return (
    <Stack>
      <Timeline bulletSize={28} lineWidth={2}>
        {entries.map((e) => {
          const Icon = icons[e.action];
          return (
            <Timeline.Item
              key={e.id}
              bullet={
                <ThemeIcon size={28} radius="xl" variant="light" color={colors[e.action]}>
                  <Icon size={14} />
                </ThemeIcon>
              }
              title={
                <Group gap={6} wrap="wrap">
                  <Text size="sm" fw={600}>
                    {e.actorName ?? t('history.system')}
                  </Text>
                  <Text size="sm">{t(`history.${e.action}`, { count: e.changes.length })}</Text>
                  <Tooltip label={formatDateTime(e.at, i18n.language)}>
                    <Text size="xs" c="dimmed" component="time" dateTime={e.at}>
                      {relativeTime(e.at, i18n.language)}
                    </Text>
                  </Tooltip>
                </Group>
              }
            >
              {e.changes.length > 0 && <Changes kind={kind} entry={e} />}
            </Timeline.Item>
          );
        })}
      </Timeline>
      {q.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          loading={q.isFetchingNextPage}
          onClick={() => void q.fetchNextPage()}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('history.older')}
        </Button>
      )}
    </Stack>
  );
}

/** A history entry's field changes (old → new), or a new record's fields. */
export function Changes({ kind, entry }: { kind: EntityKind; entry: HistoryEntry }) {
  const { t } = useTranslation('records');
  const label = useFieldLabel(kind);
  const created = entry.action === 'create';
  // a new record lists only the fields it was created with
  const changes = created ? entry.changes.filter((c) => !isEmptyValue(c.new)) : entry.changes;
  return (
    <Table
      mt={6}
      withRowBorders={false}
      verticalSpacing={3}
      horizontalSpacing="xs"
      fz="sm"
      aria-label={t('history.changes')}
      layout="fixed"
      maw={760}
    >
      <Table.Tbody>
        {changes.map((c) => (
          <Table.Tr key={c.field}>
            <Table.Td w={170} c="dimmed" style={{ verticalAlign: 'top' }}>
              {label(c.field)}
            </Table.Td>
            <Table.Td style={{ verticalAlign: 'top', overflowWrap: 'anywhere' }}>
              {created ? (
                <FieldValue kind={kind} field={c.field} value={c.new} />
              ) : (
                <Group gap={6} wrap="wrap" align="flex-start">
                  <Text span size="sm" c="dimmed" td="line-through" component="div">
                    <FieldValue kind={kind} field={c.field} value={c.old} />
                  </Text>
                  <IconArrowRight size={14} style={{ marginTop: 3, flexShrink: 0 }} aria-hidden />
                  <VisuallyHidden>{t('history.to')}</VisuallyHidden>
                  <Text span size="sm" component="div">
                    <FieldValue kind={kind} field={c.field} value={c.new} />
                  </Text>
                </Group>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
