import { CloseButton, Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Ref, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyDto } from '../../../shared/companies.ts';
import type { ContactDto } from '../../../shared/contacts.ts';
import { api, qs } from '../../lib/api.ts';
import { contactName } from '../../lib/format.ts';

/** Who an order is for: a contact (its company follows on the server) or a company. */
export type OrderCustomer = { kind: 'contact' | 'company'; id: string; name: string };

/**
 * The customer box of fast entry: type (the Ctrl-K search, typo-tolerant), ↓/↑ highlight a match and Enter
 * takes it (Enter alone takes the first). Clearing it starts over.
 */
export function OrderCustomerBox({
  value,
  onChange,
  error,
  inputRef,
  autoFocus,
}: {
  value: OrderCustomer | null;
  onChange: (c: OrderCustomer | null) => void;
  error?: string;
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation('orders');
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [text, setText] = useState(value?.name ?? '');
  const [debounced] = useDebouncedValue(text.trim(), 150);
  const typing = !value || text !== value.name;
  const q = useQuery({
    queryKey: ['search', 'order-customer', debounced],
    queryFn: ({ signal }) =>
      api<{ contacts: ContactDto[]; companies: CompanyDto[] }>(`/search${qs({ q: debounced, limit: 8 })}`, {
        signal,
      }),
    enabled: typing && debounced.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const hits: (OrderCustomer & { detail: string | null })[] =
    typing && debounced
      ? [
          ...(q.data?.contacts ?? []).map((c) => ({
            kind: 'contact' as const,
            id: c.id,
            name: contactName(c),
            detail: c.companyName ?? c.emails[0]?.address ?? null,
          })),
          ...(q.data?.companies ?? []).map((c) => ({
            kind: 'company' as const,
            id: c.id,
            name: c.name,
            detail: null,
          })),
        ]
      : [];
  useEffect(() => {
    if (value) setText(value.name);
  }, [value]);

  const take = (hit: OrderCustomer | undefined) => {
    combobox.closeDropdown();
    if (!hit) return;
    setText(hit.name);
    onChange({ kind: hit.kind, id: hit.id, name: hit.name });
  };
  const contacts = hits.filter((h) => h.kind === 'contact');
  const companies = hits.filter((h) => h.kind === 'company');
  const option = (h: (typeof hits)[number]) => (
    <Combobox.Option value={`${h.kind}:${h.id}`} key={`${h.kind}:${h.id}`}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm">{h.name}</Text>
        {h.detail && (
          <Text size="xs" c="dimmed" truncate>
            {h.detail}
          </Text>
        )}
      </Group>
    </Combobox.Option>
  );

  return (
    <Combobox
      store={combobox}
      withinPortal
      onOptionSubmit={(v) => take(hits.find((h) => `${h.kind}:${h.id}` === v))}
    >
      <Combobox.Target>
        <TextInput
          ref={inputRef}
          label={t('entry.customer')}
          placeholder={t('entry.customerPlaceholder')}
          value={text}
          error={error}
          autoFocus={autoFocus}
          data-autofocus={autoFocus || undefined}
          rightSection={
            q.isFetching && typing ? (
              <Loader size={14} />
            ) : value ? (
              <CloseButton
                size="sm"
                aria-label={t('entry.cancel')}
                onClick={() => {
                  setText('');
                  onChange(null);
                }}
              />
            ) : undefined
          }
          onChange={(e) => {
            setText(e.currentTarget.value);
            if (value) onChange(null);
            combobox.openDropdown();
          }}
          onFocus={() => typing && text && combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(e) => {
            // ↓ then Enter picks the highlighted match; Enter alone takes the first one.
            if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || !typing) return;
            if (combobox.dropdownOpened && combobox.getSelectedOptionIndex() !== -1) return;
            if (hits[0]) {
              e.preventDefault();
              take(hits[0]);
            }
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!typing || !debounced}>
        <Combobox.Options>
          {contacts.length > 0 && (
            <Combobox.Group label={t('entry.contacts')}>{contacts.map(option)}</Combobox.Group>
          )}
          {companies.length > 0 && (
            <Combobox.Group label={t('entry.companies')}>{companies.map(option)}</Combobox.Group>
          )}
          {!hits.length && <Combobox.Empty>{q.isFetching ? '…' : t('entry.nothingFound')}</Combobox.Empty>}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
