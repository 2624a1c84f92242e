import { Badge, Button, Center, Group, Loader, Paper, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowsJoin } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isEmptyValue } from '../../../shared/custom-fields.ts';
import {
  companyMergeFields,
  contactMergeFields,
  type MergeEntity,
  multiMergeFields,
  unite,
} from '../../../shared/merge.ts';
import { formatDate } from '../../lib/format.ts';
import { FieldValue } from '../records/field-value.tsx';
import { useFieldLabel } from '../records/use-field-label.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useMergedToast } from './merge-toast.tsx';
import { fieldOf, isMulti, nameOf, type Rec, same } from './merge-values.ts';
import { type MergePreview, pathOf, useMergeActions, useMergePreview } from './use-merge.ts';

/** `ids`: the cluster's records, comma-separated, in column order; `keep`: the one that survives. */
export type ClusterMergeSearch = { entity?: MergeEntity; ids?: string; keep?: string };
/** Per field, the id of the record whose value wins, or `union` (lists). */
type Choice = string;

/** The fields that differ between the records, with the choice the server makes when none is sent. */
function compare(entity: MergeEntity, keep: Rec, records: Rec[]) {
  const custom = [...new Set(records.flatMap((r) => Object.keys(r.custom)))].map((k) => `custom.${k}`);
  const scalar = entity === 'contact' ? contactMergeFields : companyMergeFields;
  const all = [...scalar, ...multiMergeFields, ...custom];
  const differing = all.filter((f) => records.some((r) => !same(fieldOf(r, f), fieldOf(records[0]!, f))));
  const order = [keep, ...records.filter((r) => r.id !== keep.id)];
  const defaults = Object.fromEntries(
    differing.map((f): [string, Choice] => [
      f,
      isMulti(f) ? 'union' : (order.find((r) => !isEmptyValue(fieldOf(r, f))) ?? keep).id,
    ]),
  );
  return { differing, sameCount: all.length - differing.length, defaults };
}

/** /duplicates/merge-all — a cluster side by side: a column per record, the survivor and a value per field. */
export function ClusterMergePage() {
  const { t } = useTranslation('merge');
  const search = useSearch({ strict: false }) as ClusterMergeSearch;
  const entity: MergeEntity = search.entity ?? 'contact';
  const ids = (search.ids ?? '').split(',').filter(Boolean);
  const keep = search.keep && ids.includes(search.keep) ? search.keep : (ids[0] ?? '');
  usePageTitle(t('clusterPage.title', { count: ids.length }));
  const q = useMergePreview(
    entity,
    keep,
    ids.filter((id) => id !== keep),
  );
  const errorMessage = useErrorMessage();
  if (!q.data)
    return q.error ? (
      <Text c="red">{errorMessage(q.error)}</Text>
    ) : (
      <Center p="xl">
        <Loader size="sm" />
      </Center>
    );
  return <ClusterMergeForm key={keep} entity={entity} ids={ids} preview={q.data} />;
}

function ClusterMergeForm({
  entity,
  ids,
  preview,
}: {
  entity: MergeEntity;
  ids: string[];
  preview: MergePreview;
}) {
  const { t, i18n } = useTranslation('merge');
  const navigate = useNavigate();
  const label = useFieldLabel(entity);
  const { merge } = useMergeActions();
  const mergedToast = useMergedToast();
  const keep = preview.this as unknown as Rec;
  const byId = new Map([keep, ...(preview.others as unknown as Rec[])].map((r): [string, Rec] => [r.id, r]));
  // Columns in the order of the link (oldest first), however the survivor is chosen.
  const records = ids.map((id) => byId.get(id)).filter((r): r is Rec => Boolean(r));
  const others = records.filter((r) => r.id !== keep.id);
  const { differing, sameCount, defaults } = useMemo(
    () => compare(entity, keep, records),
    [entity, keep, records],
  );
  const [choices, setChoices] = useState<Record<string, Choice>>(defaults);
  const choose = (f: string, c: Choice) => setChoices((x) => ({ ...x, [f]: c }));
  const result = (f: string) => {
    const c = choices[f];
    if (c === 'union' && isMulti(f))
      return others.reduce(
        (acc, r) => unite(f, acc, (r[f] ?? []) as unknown[]),
        (keep[f] ?? []) as unknown[],
      );
    return fieldOf(byId.get(c ?? keep.id) ?? keep, f);
  };
  const setKeep = (id: string) =>
    void navigate({ to: '/duplicates/merge-all', search: { entity, ids: ids.join(','), keep: id } });
  const submit = () =>
    merge.mutate(
      {
        entity,
        keep: keep.id,
        version: keep.version,
        otherIds: others.map((r) => r.id),
        fields: choices,
      },
      {
        onSuccess: (m) => {
          mergedToast(m, t('clusterPage.merged', { count: others.length, survivor: m.survivorName }));
          void navigate({ to: `/${pathOf(entity)}/${m.survivorId}` });
        },
      },
    );

  return (
    <Stack gap="lg" maw={1400}>
      <div>
        <Title order={1} size="h2">
          {t('clusterPage.title', { count: records.length })}
        </Title>
        <Text c="dimmed" size="sm" maw={760}>
          {t('clusterPage.intro')}
        </Text>
      </div>
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={240 + 220 * (records.length + 1)}>
          <Table verticalSpacing="sm" aria-label={t('clusterPage.title', { count: records.length })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={160}>{t('page.field')}</Table.Th>
                {records.map((r) => {
                  const kept = r.id === keep.id;
                  return (
                    <Table.Th key={r.id} style={{ verticalAlign: 'top' }}>
                      <Stack gap={4}>
                        <Badge color={kept ? 'teal' : 'gray'} variant="light" w="fit-content">
                          {kept ? t('page.keep') : t('clusterPage.goes')}
                        </Badge>
                        <Text fw={700}>{nameOf(entity, r)}</Text>
                        <Text size="xs" c="dimmed" fw={400}>
                          {t('page.created', { date: formatDate(String(r.createdAt), i18n.language) })}
                        </Text>
                        <Radio
                          name="merge-survivor"
                          value={r.id}
                          checked={kept}
                          onChange={() => setKeep(r.id)}
                          label={t('clusterPage.keepThis')}
                          aria-label={t('clusterPage.keepLabel', { name: nameOf(entity, r) })}
                          size="xs"
                          fw={400}
                        />
                      </Stack>
                    </Table.Th>
                  );
                })}
                <Table.Th style={{ verticalAlign: 'top' }}>{t('page.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {differing.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={records.length + 2}>{t('clusterPage.noDifferences')}</Table.Td>
                </Table.Tr>
              )}
              {differing.map((f) => (
                <Table.Tr key={f}>
                  <Table.Td fw={600}>{label(f)}</Table.Td>
                  {records.map((r) => (
                    <Table.Td key={r.id}>
                      <Radio
                        name={`merge-${f}`}
                        value={r.id}
                        checked={choices[f] === r.id}
                        onChange={() => choose(f, r.id)}
                        aria-label={t('page.pick', { field: label(f), record: nameOf(entity, r) })}
                        label={<FieldValue kind={entity} field={f} value={fieldOf(r, f)} />}
                      />
                    </Table.Td>
                  ))}
                  <Table.Td>
                    <Stack gap={4}>
                      {isMulti(f) && (
                        <Radio
                          name={`merge-${f}`}
                          value="union"
                          checked={choices[f] === 'union'}
                          onChange={() => choose(f, 'union')}
                          label={t('clusterPage.all')}
                          aria-label={t('clusterPage.allLabel', { field: label(f) })}
                        />
                      )}
                      <div data-testid={`result-${f}`}>
                        <FieldValue kind={entity} field={f} value={result(f)} />
                      </div>
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {sameCount > 0 && differing.length > 0 && (
          <Text size="sm" c="dimmed" px="md" pb="md">
            {t('clusterPage.same', { count: sameCount })}
          </Text>
        )}
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Title order={2} size="h5" mb="xs">
          {t('page.related')}
        </Title>
        {preview.related.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('clusterPage.relatedNone')}
          </Text>
        ) : (
          <Group gap="xs">
            {preview.related.map((r) => (
              <Badge key={`${r.table}.${r.column}`} variant="light" size="lg" tt="none">
                {t(`tables.${r.table}`, { defaultValue: r.table })}: {r.count}
              </Badge>
            ))}
          </Group>
        )}
      </Paper>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('page.history')}
        </Text>
        <Group gap="sm">
          <Button variant="default" onClick={() => window.history.back()}>
            {t('page.cancel')}
          </Button>
          <Button leftSection={<IconArrowsJoin size={16} />} loading={merge.isPending} onClick={submit}>
            {t('clusterPage.merge', { count: records.length })}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
