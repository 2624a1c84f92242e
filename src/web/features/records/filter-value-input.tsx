import '@mantine/dates/styles.css';
import { MultiSelect, NumberInput, Select, TagsInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { countryOptions } from '../../lib/countries.ts';
import { languageOptions } from '../../lib/languages.ts';
import { CompanyMultiPicker, CompanyPicker } from './company-picker.tsx';
import { useDateLocale } from './date-locale.ts';
import { DebouncedTextInput } from './debounced-text-input.tsx';
import type { FilterField } from './filter-fields.ts';
import { type Condition, listOps, noValueOps } from './list-state.ts';
import { useUsers } from './use-users.ts';

type Props = { field: FilterField; condition: Condition; label: string; onChange: (value: unknown) => void };

const asList = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
const asText = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** The value part of a filter condition, shaped by the field's type and the operator. */
export function FilterValueInput({ field, condition, label, onChange }: Props) {
  const { t, i18n } = useTranslation('records');
  const { users } = useUsers();
  const dateLocale = useDateLocale();
  const { op, value } = condition;
  if (noValueOps.includes(op)) return null;
  const many = listOps.includes(op);
  const common = { 'aria-label': label, size: 'sm' as const, style: { flex: 1, minWidth: 160 } };
  const userOptions = users.map((u) => ({ value: u.id, label: u.name || u.email }));
  const special =
    field.key === 'country'
      ? countryOptions(i18n.language)
      : field.key === 'language'
        ? languageOptions(i18n.language)
        : field.key === 'ownerId'
          ? userOptions
          : null;
  const options = special ?? field.options;

  if (field.key === 'companyId') {
    return many ? (
      <CompanyMultiPicker aria-label={label} value={asList(value)} onChange={onChange} />
    ) : (
      <CompanyPicker
        aria-label={label}
        value={asText(value) || null}
        onChange={(id) => onChange(id ?? undefined)}
      />
    );
  }
  if (options && (field.type === 'enum' || field.type === 'multiselect' || special)) {
    return many || field.type === 'multiselect' ? (
      <MultiSelect
        comboboxProps={{ keepMounted: false }}
        {...common}
        data={options}
        value={asList(value)}
        onChange={onChange}
        searchable
        placeholder={t('filter.choose')}
      />
    ) : (
      <Select
        comboboxProps={{ keepMounted: false }}
        {...common}
        data={options}
        value={asText(value) || null}
        onChange={(v) => onChange(v ?? undefined)}
        searchable
        placeholder={t('filter.choose')}
      />
    );
  }
  if (field.key === 'score.pAlive') {
    // A probability: stored 0–1, typed as a percentage.
    return (
      <NumberInput
        {...common}
        value={typeof value === 'number' ? Math.round(value * 1000) / 10 : ''}
        onChange={(v) => onChange(typeof v === 'number' ? v / 100 : undefined)}
        min={0}
        max={100}
        decimalScale={1}
        suffix=" %"
        decimalSeparator={decimalSeparator(i18n.language)}
      />
    );
  }
  switch (field.type) {
    case 'tags':
      return (
        <TagsInput
          comboboxProps={{ keepMounted: false }}
          {...common}
          value={asList(value)}
          onChange={onChange}
          placeholder={t('filter.typeTags')}
        />
      );
    case 'date':
    case 'datetime':
      return (
        <DateInput
          {...common}
          value={asText(value) || null}
          onChange={(v) => onChange(v ?? undefined)}
          valueFormat="L"
          locale={dateLocale}
          clearable
          placeholder={t('filter.pickDate')}
          popoverProps={{ withinPortal: true }}
        />
      );
    case 'boolean':
      return (
        <Select
          comboboxProps={{ keepMounted: false }}
          {...common}
          data={[
            { value: 'true', label: t('values.yes') },
            { value: 'false', label: t('values.no') },
          ]}
          value={value === true ? 'true' : value === false ? 'false' : null}
          onChange={(v) => onChange(v === null ? undefined : v === 'true')}
          placeholder={t('filter.choose')}
        />
      );
    case 'integer':
    case 'decimal':
      if (many)
        return (
          <TagsInput
            comboboxProps={{ keepMounted: false }}
            {...common}
            value={asList(value)}
            onChange={(v) => onChange(v.filter((x) => /^-?\d+(\.\d+)?$/.test(x.trim())))}
            placeholder={t('filter.typeNumbers')}
          />
        );
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
          allowDecimal={field.type === 'decimal'}
          decimalSeparator={decimalSeparator(i18n.language)}
        />
      );
    case 'money':
      // Filters compare minor units; people type major units (two decimals assumed across currencies).
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value / 100 : ''}
          onChange={(v) => onChange(typeof v === 'number' ? Math.round(v * 100) : undefined)}
          decimalScale={2}
          decimalSeparator={decimalSeparator(i18n.language)}
        />
      );
    default:
      if (many)
        return (
          <TagsInput
            comboboxProps={{ keepMounted: false }}
            {...common}
            value={asList(value)}
            onChange={onChange}
            placeholder={t('filter.typeValues')}
          />
        );
      return (
        <DebouncedTextInput
          {...common}
          value={asText(value)}
          onChange={(v) => onChange(v || undefined)}
          placeholder={t('filter.typeValue')}
        />
      );
  }
}

export function decimalSeparator(lng: string): string {
  return new Intl.NumberFormat(lng).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}
