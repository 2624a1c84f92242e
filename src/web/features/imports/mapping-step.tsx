import { Alert, Anchor, Button, Group, List, Paper, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconDeviceFloppy, IconSparkles } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ColumnMappingInput, type ImportDto, isPartyEntity } from '../../../shared/imports.ts';
import { canUpdate, mappingProblems } from './entity-rules.ts';
import { presetName } from './import-parts.tsx';
import type { StepProps } from './import-wizard-page.tsx';
import classes from './imports.module.css';
import { ReaderSettingsBar } from './reader-settings.tsx';
import { SaveMappingModal } from './save-mapping-modal.tsx';
import { ConfidenceBadge, TargetSelect, useTargetOptions } from './target-select.tsx';
import { type ImportTarget, useImportTargets, useUpdateImport } from './use-imports.ts';

/** Up to three non-empty values of a column from the sample rows. */
const samplesOf = (dto: ImportDto, column: string) =>
  dto.sample
    .map((r) => r.values[column]?.trim())
    .filter((v): v is string => Boolean(v))
    .slice(0, 3);

/** The column → field mapping with one field changed (a changed field drops the old column's reading). */
export function withTarget(mapping: ColumnMappingInput, column: string, target: string | null) {
  const rest = mapping.filter((m) => m.column !== column);
  if (!target) return rest;
  const old = mapping.find((m) => m.column === column);
  return [...rest, old?.target === target ? old : { column, target }];
}

/** Step 2: which field each file column fills, how the file is read, the preset it looks like. */
export function MappingStep({ dto, draft, setDraft, goTo, saving }: StepProps) {
  const { t, i18n } = useTranslation('imports');
  const targets = useImportTargets(dto.entity);
  const options = useTargetOptions(targets.data ?? []);
  const reread = useUpdateImport(dto.id);
  const [saveOpen, setSaveOpen] = useState(false);
  const mapping = draft.mapping ?? dto.mapping;
  const targetOf = (column: string) => mapping.find((m) => m.column === column)?.target ?? null;
  const labelOf = (key: string) => targets.data?.find((x: ImportTarget) => x.key === key)?.label ?? key;
  const mode = (draft.settings ?? dto.settings).mode;
  const { missing, twice } = mappingProblems(
    dto.entity,
    mode,
    mapping,
    targets.data?.map((x) => x.key),
  );
  // One line a missing field, "“SKU”", or "“Contact e-mail”, “Contact phone” or “Company”" when any will do.
  const missingItems = missing.map((need) =>
    new Intl.ListFormat(i18n.language, { type: 'disjunction' }).format(
      need.map((k) => t('map.quoted', { label: labelOf(k) })),
    ),
  );
  const mappedCount = dto.columns.filter((c) => targetOf(c)).length;

  return (
    <Stack gap="md">
      {dto.preset && (
        <Alert color="blue" icon={<IconSparkles />} role="status">
          {t('map.preset', { name: presetName(dto.preset) })}
        </Alert>
      )}
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Text fw={600}>{t('map.reader')}</Text>
            <Anchor component={Link} to="/imports/new" search={{ entity: dto.entity } as never} size="sm">
              {t('map.otherFile')}
            </Anchor>
          </Group>
          <ReaderSettingsBar
            dto={dto}
            busy={reread.isPending}
            onChange={(reader) =>
              reread.mutate({ reader }, { onSuccess: () => setDraft((d) => ({ ...d, mapping: undefined })) })
            }
          />
          <Text size="sm" c="dimmed">
            {t('map.summary', { columns: dto.columns.length, mapped: mappedCount })}
          </Text>
        </Stack>
      </Paper>
      {missing.length > 0 && (
        <Alert color="orange" icon={<IconAlertTriangle />} role="alert">
          {isPartyEntity(dto.entity) ? (
            t(dto.entity === 'contacts' ? 'map.noName' : 'map.noCompanyName')
          ) : (
            <Stack gap={4}>
              <Text size="sm">{t(`map.missing_${dto.entity}`)}</Text>
              <List size="sm" withPadding>
                {missingItems.map((item) => (
                  <List.Item key={item}>{item}</List.Item>
                ))}
              </List>
              {canUpdate(dto.entity) && <Text size="sm">{t('map.missingUpdate')}</Text>}
            </Stack>
          )}
        </Alert>
      )}
      {twice.length > 0 && (
        <Alert color="orange" icon={<IconAlertTriangle />} role="alert">
          {t('map.twice', { fields: twice.map(labelOf).join(', ') })}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={720}>
        <Table className={classes.table} aria-label={t('map.table')} verticalSpacing={6} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="26%">{t('map.column')}</Table.Th>
              <Table.Th>{t('map.sample')}</Table.Th>
              <Table.Th w={300}>{t('map.target')}</Table.Th>
              <Table.Th w={90}>{t('map.confidence')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {dto.columns.map((column) => {
              const samples = samplesOf(dto, column);
              const target = targetOf(column);
              return (
                <Table.Tr key={column}>
                  <Table.Td>
                    <Text size="sm" fw={600} truncate title={column}>
                      {column}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {samples.length ? (
                      samples.map((v, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: sample values may repeat
                        <div key={i} className={classes.sample} title={v}>
                          {v}
                        </div>
                      ))
                    ) : (
                      <Text size="xs" c="dimmed" fs="italic">
                        {t('map.empty')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <TargetSelect
                      column={column}
                      value={target}
                      options={options}
                      disabled={targets.isPending}
                      onChange={(next) =>
                        setDraft((d) => ({
                          ...d,
                          mapping: withTarget(d.mapping ?? dto.mapping, column, next),
                        }))
                      }
                    />
                  </Table.Td>
                  <Table.Td>
                    <ConfidenceBadge
                      suggestion={dto.suggestions.find((s) => s.column === column)}
                      target={target}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between" wrap="wrap">
        <Button
          variant="default"
          leftSection={<IconDeviceFloppy size={16} />}
          onClick={() => setSaveOpen(true)}
          disabled={mapping.length === 0}
        >
          {t('map.saveAs')}
        </Button>
        <Button onClick={() => void goTo('options')} loading={saving}>
          {t('next.options')}
        </Button>
      </Group>
      <SaveMappingModal
        opened={saveOpen}
        entity={dto.entity}
        mapping={mapping}
        onClose={() => setSaveOpen(false)}
      />
    </Stack>
  );
}
