import { Anchor, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { DuplicateRule, ImportDto } from '../../../shared/imports.ts';
import { formatNumber } from '../../lib/format.ts';
import { duplicateRulesOf, recordPathOf } from './entity-rules.ts';
import classes from './imports.module.css';
import { useUpdateImport } from './use-imports.ts';

/**
 * The rows a dry run found to match an existing record (or an earlier row), each with its own decision —
 * skip, update or create anyway — saved at once; undecided rows follow the duplicates option.
 */
export function DuplicatesTable({ dto }: { dto: ImportDto }) {
  const { t, i18n } = useTranslation('imports');
  const update = useUpdateImport(dto.id);
  const found = dto.dryRun?.duplicates ?? [];
  const count = dto.dryRun?.duplicateCount ?? found.length;
  const rules = duplicateRulesOf(dto.entity);
  const fallback: DuplicateRule = dto.settings.mode === 'create' ? dto.settings.duplicates : 'update';
  const decide = (rowNo: number, rule: DuplicateRule) =>
    update.mutate({ decisions: { ...dto.decisions, [String(rowNo)]: rule } });
  const title = t('check.duplicates');

  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {title}{' '}
        <Text span c="dimmed" fw={400}>
          ({formatNumber(count, i18n.language)})
        </Text>
      </Title>
      {found.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('check.noDuplicates')}
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t(rules.length > 1 ? 'check.duplicatesIntro' : 'check.duplicatesSkipped')}
          </Text>
          <Table.ScrollContainer minWidth={760}>
            <Table className={classes.table} aria-label={title} verticalSpacing={6} layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>{t('errors.row')}</Table.Th>
                  <Table.Th>{t('check.name')}</Table.Th>
                  <Table.Th>{t('check.matches')}</Table.Th>
                  <Table.Th>{t('check.reason')}</Table.Th>
                  <Table.Th w={320}>{t('check.decision')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {found.map((d) => (
                  <Table.Tr key={d.rowNo}>
                    <Table.Td className={classes.mono}>{d.rowNo}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500} truncate>
                        {d.name || '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {d.recordId && recordPathOf(dto.entity, d.recordId) ? (
                        <Anchor
                          component={Link}
                          to={recordPathOf(dto.entity, d.recordId)!}
                          target="_blank"
                          size="sm"
                        >
                          {t('check.openRecord')}
                        </Anchor>
                      ) : d.recordId ? (
                        <Text size="sm">{t('check.inRapport')}</Text>
                      ) : d.sameAsRow !== null ? (
                        <Text size="sm">{t('check.sameAsRow', { row: d.sameAsRow })}</Text>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {d.reason}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {rules.length > 1 ? (
                        <SegmentedControl
                          aria-label={t('check.decisionFor', { row: d.rowNo })}
                          size="xs"
                          fullWidth
                          value={dto.decisions[String(d.rowNo)] ?? fallback}
                          onChange={(v) => decide(d.rowNo, v as DuplicateRule)}
                          disabled={update.isPending}
                          data={rules.map((r) => ({ value: r, label: t(`check.rules.${r}`) }))}
                        />
                      ) : (
                        <Text size="sm">{t('check.alwaysSkipped')}</Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {count > found.length && (
            <Text size="xs" c="dimmed">
              {t('check.moreDuplicates', { shown: found.length, total: count })}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
