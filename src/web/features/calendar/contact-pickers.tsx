import { Loader, MultiSelect, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactDto } from '../../../shared/contacts.ts';
import { api, qs } from '../../lib/api.ts';
import { contactName } from '../../lib/format.ts';

type Option = { value: string; label: string };

function useContactSearch(search: string) {
  const [debounced] = useDebouncedValue(search.trim(), 200);
  return useQuery({
    queryKey: ['contacts', 'picker', debounced],
    queryFn: ({ signal }) =>
      api<{ data: ContactDto[] }>(`/contacts${qs({ q: debounced, limit: 20 })}`, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

const labelOf = (c: ContactDto) => {
  const name = contactName(c);
  return c.companyName ? `${name} · ${c.companyName}` : name;
};

/** One contact, searched on the server (typo-tolerant). Names of the current value come from the event. */
export function ContactPicker(p: {
  label: string;
  value: string | null;
  initialName?: string | null;
  onChange: (id: string | null, contact: ContactDto | null) => void;
  error?: React.ReactNode;
}) {
  const { t } = useTranslation('calendar');
  const [search, setSearch] = useState('');
  const found = useRef(new Map<string, ContactDto>());
  const names = useRef(new Map<string, string>());
  if (p.value && p.initialName && !names.current.has(p.value)) names.current.set(p.value, p.initialName);
  const q = useContactSearch(search === names.current.get(p.value ?? '') ? '' : search);
  for (const c of q.data?.data ?? []) {
    found.current.set(c.id, c);
    names.current.set(c.id, labelOf(c));
  }
  const data: Option[] = (q.data?.data ?? []).map((c) => ({ value: c.id, label: labelOf(c) }));
  if (p.value && !data.some((d) => d.value === p.value))
    data.unshift({ value: p.value, label: names.current.get(p.value) ?? '…' });
  return (
    <Select
      label={p.label}
      placeholder={t('form.contactsPlaceholder')}
      searchable
      clearable
      data={data}
      value={p.value}
      onChange={(v) => p.onChange(v, v ? (found.current.get(v) ?? null) : null)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={t('form.noContact')}
      rightSection={q.isFetching ? <Loader size={14} /> : undefined}
      error={p.error}
      comboboxProps={{ keepMounted: false, withinPortal: true }}
    />
  );
}

/** Several contacts (the attendees who are customers). */
export function ContactMultiPicker(p: {
  label: string;
  value: string[];
  initialNames: Record<string, string>;
  onChange: (ids: string[]) => void;
  error?: React.ReactNode;
}) {
  const { t } = useTranslation('calendar');
  const [search, setSearch] = useState('');
  const names = useRef(new Map<string, string>());
  for (const [id, name] of Object.entries(p.initialNames))
    if (!names.current.has(id)) names.current.set(id, name);
  const q = useContactSearch(search);
  for (const c of q.data?.data ?? []) names.current.set(c.id, labelOf(c));
  const data: Option[] = (q.data?.data ?? []).map((c) => ({ value: c.id, label: labelOf(c) }));
  for (const id of p.value)
    if (!data.some((d) => d.value === id)) data.push({ value: id, label: names.current.get(id) ?? '…' });
  return (
    <MultiSelect
      label={p.label}
      placeholder={p.value.length ? undefined : t('form.contactsPlaceholder')}
      searchable
      data={data}
      value={p.value}
      onChange={p.onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={t('form.noContact')}
      error={p.error}
      comboboxProps={{ keepMounted: false, withinPortal: true }}
    />
  );
}
