import {
  ActionIcon,
  Badge,
  Button,
  Center,
  Grid,
  Group,
  Loader,
  Paper,
  Radio,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconArrowsExchange, IconArrowsJoin } from '@tabler/icons-react';
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

export type MergeSearch = { entity?: MergeEntity; keep?: string; other?: string };
type Choice = 'this' | 'other' | 'union';

/** The fields both records have, the differing ones with the default choice the server would make. */
function compare(entity: MergeEntity, mine: Rec, theirs: Rec) {
  const custom = [...new Set([...Object.keys(mine.custom), ...Object.keys(theirs.custom)])].map(
    (k) => `custom.${k}`,
  );
  const scalar = entity === 'contact' ? contactMergeFields : companyMergeFields;
  const all = [...scalar, ...multiMergeFields, ...custom];
  const differing = all.filter((f) => !same(fieldOf(mine, f), fieldOf(theirs, f)));
  const defaults = Object.fromEntries(
    differing.map((f): [string, Choice] => [
      f,
      isMulti(f) ? 'union' : isEmptyValue(fieldOf(mine, f)) ? 'other' : 'this',
    ]),
  );
  return { differing, sameCount: all.length - differing.length, defaults };
}

/** /duplicates/merge — two records side by side, a choice per differing field, the result, and Merge. */
export function MergePage() {
  const { t } = useTranslation('merge');
  usePageTitle(t('page.title'));
  const search = useSearch({ strict: false }) as MergeSearch;
  const entity: MergeEntity = search.entity ?? 'contact';
  const q = useMergePreview(entity, search.keep ?? '', search.other ? [search.other] : []);
  const errorMessage = useErrorMessage();
  if (!q.data)
    return q.error ? (
      <Text c="red">{errorMessage(q.error)}</Text>
    ) : (
      <Center p="xl">
        <Loader size="sm" />
      </Center>
    );
  return <MergeForm key={`${search.keep}:${search.other}`} entity={entity} preview={q.data} />;
}

function MergeForm({ entity, preview }: { entity: MergeEntity; preview: MergePreview }) {
  const { t, i18n } = useTranslation('merge');
  const navigate = useNavigate();
  const mergedToast = useMergedToast();
  const label = useFieldLabel(entity);
  const { merge } = useMergeActions();
  const mine = preview.this as unknown as Rec;
  const theirs = preview.other as unknown as Rec;
  const { differing, sameCount, defaults } = useMemo(
    () => compare(entity, mine, theirs),
    [entity, mine, theirs],
  );
  const [choices, setChoices] = useState<Record<string, Choice>>(defaults);
  const keptName = nameOf(entity, mine);
  const otherName = nameOf(entity, theirs);
  const result = (f: string) => {
    const c = choices[f] ?? 'this';
    if (c === 'union' && isMulti(f))
      return unite(f, (mine[f] ?? []) as unknown[], (theirs[f] ?? []) as unknown[]);
    return fieldOf(c === 'other' ? theirs : mine, f);
  };
  const swap = () =>
    void navigate({ to: '/duplicates/merge', search: { entity, keep: theirs.id, other: mine.id } });
  const submit = () =>
    merge.mutate(
      { entity, keep: mine.id, version: mine.version, otherIds: [theirs.id], fields: choices },
      {
        onSuccess: (m) => {
          mergedToast(m, t('page.merged', { loser: m.loserName, survivor: m.survivorName }));
          void navigate({ to: `/${pathOf(entity)}/${m.survivorId}` });
        },
      },
    );

  const pick = (f: string, side: 'this' | 'other') => (
    <Radio
      name={`merge-${f}`}
      value={side}
      checked={choices[f] === side}
      onChange={() => setChoices((c) => ({ ...c, [f]: side }))}
      aria-label={t('page.pick', { field: label(f), record: side === 'this' ? keptName : otherName })}
      label={<FieldValue kind={entity} field={f} value={fieldOf(side === 'this' ? mine : theirs, f)} />}
    />
  );

  return (
    <Stack gap="lg" maw={1280}>
      <Title order={1} size="h2">
        {t('page.title')}
      </Title>
      <Grid align="stretch">
        {[
          { rec: mine, name: keptName, caption: t('page.keep'), color: 'teal' },
          { rec: theirs, name: otherName, caption: t('page.goes'), color: 'gray' },
        ].map((x, i) => (
          <Grid.Col key={x.rec.id} span={{ base: 12, sm: 6 }}>
            <Paper withBorder radius="md" p="md" h="100%">
              <Group justify="space-between" wrap="nowrap">
                <div>
                  <Badge color={x.color} variant="light">
                    {x.caption}
                  </Badge>
                  <Text fw={700} size="lg" mt={4}>
                    {x.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('page.created', { date: formatDate(String(x.rec.createdAt), i18n.language) })}
                  </Text>
                </div>
                {i === 0 && (
                  <Tooltip label={t('page.swap')}>
                    <ActionIcon variant="default" size="lg" aria-label={t('page.swap')} onClick={swap}>
                      <IconArrowsExchange size={18} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            </Paper>
          </Grid.Col>
        ))}
      </Grid>
      <Paper withBorder radius="md">
        {differing.length === 0 ? (
          <Text p="md">{t('page.noDifferences')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" aria-label={t('page.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={180}>{t('page.field')}</Table.Th>
                  {[
                    { name: keptName, caption: t('page.keep'), color: 'teal' },
                    { name: otherName, caption: t('page.goes'), color: 'gray' },
                  ].map((c) => (
                    <Table.Th key={c.caption}>
                      <Text size="xs" c={c.color} fw={700} tt="uppercase">
                        {c.caption}
                      </Text>
                      {c.name}
                    </Table.Th>
                  ))}
                  <Table.Th>{t('page.result')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {differing.map((f) => (
                  <Table.Tr key={f}>
                    <Table.Td fw={600}>{label(f)}</Table.Td>
                    <Table.Td>{pick(f, 'this')}</Table.Td>
                    <Table.Td>{pick(f, 'other')}</Table.Td>
                    <Table.Td>
                      <Stack gap={4}>
                        {isMulti(f) && (
                          <Radio
                            name={`merge-${f}`}
                            value="union"
                            checked={choices[f] === 'union'}
                            onChange={() => setChoices((c) => ({ ...c, [f]: 'union' }))}
                            label={t('page.both')}
                            aria-label={t('page.bothLabel', { field: label(f) })}
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
        )}
        {sameCount > 0 && differing.length > 0 && (
          <Text size="sm" c="dimmed" px="md" pb="md">
            {t('page.same', { count: sameCount })}
          </Text>
        )}
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Title order={2} size="h5" mb="xs">
          {t('page.related')}
        </Title>
        {preview.related.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('page.relatedNone')}
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
            {t('page.merge')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
