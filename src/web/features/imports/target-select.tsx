import { Badge, type ComboboxData, Select, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { columnSuggestion } from '../../../shared/imports.ts';
import type { ImportTarget } from './use-imports.ts';

/** The "Don't import" choice (a Select cannot hold an empty value). */
export const SKIP = '__skip__';

export const isCustomTarget = (key: string) => key.startsWith('custom.');

/** The targets as the select lists them: "Don't import", then standard fields, then custom fields. */
export function useTargetOptions(targets: ImportTarget[]): ComboboxData {
  const { t } = useTranslation('imports');
  return useMemo(() => {
    const item = (x: ImportTarget) => ({ value: x.key, label: x.required ? `${x.label} *` : x.label });
    const standard = targets.filter((x) => !isCustomTarget(x.key)).map(item);
    const custom = targets.filter((x) => isCustomTarget(x.key)).map(item);
    return [
      { value: SKIP, label: t('map.dontImport') },
      { group: t('map.standard'), items: standard },
      ...(custom.length ? [{ group: t('map.custom'), items: custom }] : []),
    ];
  }, [targets, t]);
}

type Props = {
  column: string;
  value: string | null;
  options: ComboboxData;
  onChange: (target: string | null) => void;
  disabled?: boolean;
};

/** Which field one file column fills: searchable, grouped; "Don't import" leaves the column out. */
export function TargetSelect({ column, value, options, onChange, disabled }: Props) {
  const { t } = useTranslation('imports');
  return (
    <Select
      aria-label={t('map.targetFor', { column })}
      data={options}
      value={value ?? SKIP}
      onChange={(v) => onChange(!v || v === SKIP ? null : v)}
      searchable
      allowDeselect={false}
      nothingFoundMessage={t('map.noTarget')}
      disabled={disabled}
      comboboxProps={{ keepMounted: false, width: 280, position: 'bottom-start' }}
      maxDropdownHeight={320}
      size="sm"
    />
  );
}

type Suggestion = z.infer<typeof columnSuggestion>;

/** How sure the suggestion was, shown while the column still maps to the suggested field. */
export function ConfidenceBadge({ suggestion, target }: { suggestion?: Suggestion; target: string | null }) {
  const { t } = useTranslation('imports');
  if (!suggestion?.target || suggestion.target !== target) return null;
  const c = suggestion.confidence;
  const level = c >= 0.85 ? 'high' : c >= 0.6 ? 'medium' : 'low';
  const color = { high: 'teal', medium: 'yellow', low: 'orange' }[level];
  const label = t(`map.confidence_${level}`, { percent: Math.round(c * 100) });
  return (
    <Tooltip label={suggestion.reason || label} multiline maw={280} withArrow>
      <Badge color={color} variant="light" radius="sm" size="sm" tabIndex={0} aria-label={label}>
        {Math.round(c * 100)} %
      </Badge>
    </Tooltip>
  );
}
