import { Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Ref, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../lib/api.ts';

/** What the pricing endpoint answers for a product on a line (see docs/sales/products.md). */
export type PricedProduct = {
  productId: string;
  sku: string;
  description: string;
  unit: string;
  unitPrice: number | null;
  taxRate: string;
  unitCost: number | null;
  priceSource: 'price_list' | 'list_price' | 'none';
};

type ProductHit = {
  id: string;
  sku: string;
  names: Record<string, string | undefined>;
  archivedAt?: string | null;
};

/**
 * The description cell of a line: free text, or search-as-you-type over the catalogue. The first match is
 * highlighted, so Enter takes it; Escape closes the list and keeps the typed text as a free-text line.
 */
export function ProductBox({
  label,
  value,
  sku,
  currency,
  customer,
  language,
  error,
  onText,
  onPick,
  onEnter,
  inputRef,
}: {
  label: string;
  value: string;
  sku: string | null;
  currency: string;
  customer?: { contactId?: string | null; companyId?: string | null };
  language: string;
  error?: string;
  onText: (text: string) => void;
  onPick: (p: PricedProduct) => void;
  onEnter: () => void;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation('sales');
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [typed, setTyped] = useState(false);
  const [debounced] = useDebouncedValue(value.trim(), 150);
  const [picking, setPicking] = useState(false);
  const [warning, setWarning] = useState<string | null>(null);
  const search = useQuery({
    queryKey: ['products', 'line-search', debounced],
    queryFn: ({ signal }) =>
      api<{ data: ProductHit[] }>(`/products${qs({ q: debounced, status: 'active', limit: 8 })}`, { signal }),
    enabled: typed && debounced.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const hits = typed && debounced ? (search.data?.data ?? []) : [];

  useEffect(() => {
    if (hits.length && combobox.dropdownOpened) combobox.selectFirstOption();
  }, [hits, combobox]);

  const nameOf = (p: ProductHit) => p.names[language] || p.names.en || p.sku;

  const pick = async (id: string) => {
    combobox.closeDropdown();
    setTyped(false);
    setPicking(true);
    try {
      const priced = await api<PricedProduct>(
        `/pricing/line${qs({
          productId: id,
          currency,
          contactId: customer?.contactId ?? undefined,
          companyId: customer?.companyId ?? undefined,
          language,
        })}`,
      );
      setWarning(priced.unitPrice === null ? t('lines.noPrice', { currency }) : null);
      onPick(priced);
    } finally {
      setPicking(false);
    }
  };

  return (
    <Combobox store={combobox} onOptionSubmit={(id) => void pick(id)} withinPortal>
      <Combobox.Target>
        <TextInput
          ref={inputRef}
          aria-label={label}
          placeholder={t('lines.productPlaceholder')}
          value={value}
          size="xs"
          error={error ?? warning ?? undefined}
          description={sku ? t('lines.sku', { sku }) : undefined}
          rightSection={picking || (search.isFetching && typed) ? <Loader size={12} /> : undefined}
          onChange={(e) => {
            setTyped(true);
            setWarning(null);
            onText(e.currentTarget.value);
            combobox.openDropdown();
          }}
          onFocus={() => typed && combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || e.ctrlKey || e.metaKey) return;
            if (combobox.dropdownOpened && combobox.getSelectedOptionIndex() !== -1) return; // the list takes it
            e.preventDefault();
            combobox.closeDropdown();
            onEnter();
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!typed || !debounced}>
        <Combobox.Options>
          {hits.map((p) => (
            <Combobox.Option value={p.id} key={p.id}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm">{nameOf(p)}</Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {p.sku}
                </Text>
              </Group>
            </Combobox.Option>
          ))}
          {!hits.length && (
            <Combobox.Empty>
              {search.isFetching ? t('lines.searching') : t('lines.nothingFound')}
            </Combobox.Empty>
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
