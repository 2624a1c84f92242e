import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyDto } from '../../../shared/companies.ts';
import type { ContactDto } from '../../../shared/contacts.ts';
import { api, qs } from '../../lib/api.ts';
import { contactName } from '../../lib/format.ts';

/** What a task is about: a contact (its company follows on the server) or a company. */
export type Customer = { kind: 'contact' | 'company'; id: string; name: string };

const encode = (c: Pick<Customer, 'kind' | 'id'>) => `${c.kind}:${c.id}`;

/** One searchable box for contacts and companies (the Ctrl-K search, typo-tolerant on the server). */
export function CustomerPicker({
  value,
  onChange,
  error,
}: {
  value: Customer | null;
  onChange: (c: Customer | null) => void;
  error?: string;
}) {
  const { t } = useTranslation('tasks');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const known = useRef(new Map<string, Customer>());
  if (value) known.current.set(encode(value), value);
  const query = value && debounced === value.name ? '' : debounced;
  const q = useQuery({
    queryKey: ['search', 'customer-picker', query],
    queryFn: ({ signal }) =>
      api<{ contacts: ContactDto[]; companies: CompanyDto[] }>(`/search${qs({ q: query, limit: 8 })}`, {
        signal,
      }),
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const contacts = (query ? (q.data?.contacts ?? []) : []).map((c): Customer => {
    const name = contactName(c);
    return { kind: 'contact', id: c.id, name: c.companyName ? `${name} · ${c.companyName}` : name };
  });
  const companies = (query ? (q.data?.companies ?? []) : []).map(
    (c): Customer => ({ kind: 'company', id: c.id, name: c.name }),
  );
  for (const c of [...contacts, ...companies]) known.current.set(encode(c), c);
  const data = [
    ...(value && ![...contacts, ...companies].some((c) => c.id === value.id)
      ? [{ value: encode(value), label: value.name }]
      : []),
    ...(contacts.length
      ? [{ group: t('form.contacts'), items: contacts.map((c) => ({ value: encode(c), label: c.name })) }]
      : []),
    ...(companies.length
      ? [{ group: t('form.companies'), items: companies.map((c) => ({ value: encode(c), label: c.name })) }]
      : []),
  ];
  return (
    <Select
      label={t('form.customer')}
      placeholder={t('form.customerPlaceholder')}
      searchable
      clearable
      data={data}
      value={value ? encode(value) : null}
      onChange={(v) => onChange(v ? (known.current.get(v) ?? null) : null)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={query && !q.isFetching ? t('form.nothingFound') : undefined}
      rightSection={q.isFetching ? <Loader size={14} /> : undefined}
      error={error}
      comboboxProps={{ keepMounted: false, withinPortal: true }}
    />
  );
}
