import { Loader, MultiSelect, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyDto } from '../../../shared/companies.ts';
import { api, qs } from '../../lib/api.ts';
import type { Option } from './filter-fields.ts';

function useCompanySearch(search: string) {
  const [debounced] = useDebouncedValue(search.trim(), 200);
  return useQuery({
    queryKey: ['companies', 'picker', debounced],
    queryFn: ({ signal }) =>
      api<{ data: CompanyDto[] }>(
        `/companies${qs({ q: debounced, limit: 20, sort: debounced ? undefined : 'name' })}`,
        { signal },
      ),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

type SingleProps = {
  label?: string;
  'aria-label'?: string;
  value: string | null;
  /** The name of the current company, so it shows before any search. */
  initialName?: string | null;
  onChange: (id: string | null, name: string | null) => void;
  error?: React.ReactNode;
  description?: string;
};

/** Searchable company select backed by `/companies?q=` (typo-tolerant on the server). */
export function CompanyPicker(p: SingleProps) {
  const { t } = useTranslation('records');
  const [search, setSearch] = useState('');
  const names = useRef(new Map<string, string>());
  if (p.value && p.initialName && !names.current.has(p.value)) names.current.set(p.value, p.initialName);
  const q = useCompanySearch(search === names.current.get(p.value ?? '') ? '' : search);
  for (const c of q.data?.data ?? []) names.current.set(c.id, c.name);
  const data: Option[] = (q.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  if (p.value && !data.some((d) => d.value === p.value))
    data.unshift({ value: p.value, label: names.current.get(p.value) ?? p.initialName ?? '…' });
  return (
    <Select
      label={p.label}
      aria-label={p['aria-label']}
      description={p.description}
      placeholder={t('form.searchCompany')}
      searchable
      clearable
      data={data}
      value={p.value}
      onChange={(v) => p.onChange(v, v ? (names.current.get(v) ?? null) : null)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={q.isFetching ? t('list.loading') : t('form.noCompany')}
      rightSection={q.isFetching ? <Loader size={14} /> : undefined}
      error={p.error}
      comboboxProps={{ keepMounted: false, withinPortal: true }}
    />
  );
}

/** Several companies (for the "is any of" filter). */
export function CompanyMultiPicker({
  value,
  onChange,
  'aria-label': ariaLabel,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  'aria-label': string;
}) {
  const { t } = useTranslation('records');
  const [search, setSearch] = useState('');
  const names = useRef(new Map<string, string>());
  const q = useCompanySearch(search);
  for (const c of q.data?.data ?? []) names.current.set(c.id, c.name);
  const data: Option[] = (q.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  for (const id of value)
    if (!data.some((d) => d.value === id)) data.push({ value: id, label: names.current.get(id) ?? id });
  return (
    <MultiSelect
      comboboxProps={{ keepMounted: false }}
      aria-label={ariaLabel}
      placeholder={t('form.searchCompany')}
      searchable
      data={data}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={t('form.noCompany')}
    />
  );
}
