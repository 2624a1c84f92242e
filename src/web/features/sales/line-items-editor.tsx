import { ActionIcon, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { discountPercent, quantity, taxRate } from '../../../shared/money.ts';
import { type LineDto, type LineInput, priceLines } from '../../../shared/sales.ts';
import { formatMoney } from '../../lib/format.ts';
import { DecimalCell, PriceCell } from './line-cells.tsx';
import { lineErrorLookup } from './line-errors.ts';
import { type PricedProduct, ProductBox } from './product-box.tsx';
import { TotalsSummary } from './totals-summary.tsx';

/** A line being edited: the shared line contract plus a stable React key. */
export type LineDraft = LineInput & { key: string };

let seq = 0;
const nextKey = () => `line-${Date.now().toString(36)}-${++seq}`;

export function newLine(rate = '0'): LineDraft {
  return {
    key: nextKey(),
    productId: null,
    sku: null,
    description: '',
    quantity: '1',
    unitPrice: 0,
    discountPercent: null,
    discountAmount: null,
    taxRate: rate,
  };
}

/** Stored lines (a DTO) back into editable drafts. */
export function fromLineDtos(lines: LineDto[]): LineDraft[] {
  return lines.map(({ net: _net, ...l }) => ({ ...l, key: nextKey() }));
}

/** The lines to send: drafts without a description (the empty last row) are left out. */
export function toLineInputs(lines: LineDraft[]): LineInput[] {
  return lines
    .filter((l) => l.description.trim() !== '')
    .map(({ key: _key, ...l }) => ({
      ...l,
      discountPercent: l.discountPercent?.trim() ? l.discountPercent : null,
      discountAmount: l.discountAmount || null,
    }));
}

const valid = (l: LineDraft) =>
  quantity.safeParse(l.quantity).success &&
  taxRate.safeParse(l.taxRate).success &&
  (!l.discountPercent?.trim() || discountPercent.safeParse(l.discountPercent).success);

/**
 * The one editor for the lines of deals, quotes and orders. Keyboard first: type in the product box
 * (search-as-you-type), Enter picks the highlighted product (price and tax rate come from the server's
 * pricing for this customer and currency) and moves to the quantity; Enter there adds a line; Ctrl+Enter
 * submits. Escape closes the suggestions so the typed text stays as a free-text line. Totals are computed
 * with the server's own function (`priceLines`), so what is shown is what will be stored.
 */
export function LineItemsEditor({
  currency,
  lines,
  onChange,
  customer,
  language,
  errors,
  onSubmit,
  autoFocus,
  defaultTaxRate,
}: {
  currency: string;
  lines: LineDraft[];
  onChange: (lines: LineDraft[]) => void;
  customer?: { contactId?: string | null; companyId?: string | null };
  language?: string;
  errors?: Record<string, string> | { path: string; message: string }[];
  onSubmit?: () => void;
  autoFocus?: boolean;
  defaultTaxRate?: string;
}) {
  const { t, i18n } = useTranslation('sales');
  const refs = useRef(new Map<string, HTMLInputElement | null>());
  const [focusNext, setFocusNext] = useState<string | null>(autoFocus ? 'first' : null);
  const errorOf = useMemo(() => lineErrorLookup(lines, errors), [errors, lines]);

  // There is always an empty row to type into, with a stable key (focus must survive re-renders).
  const trailingRef = useRef<LineDraft | null>(null);
  if (!trailingRef.current || lines.some((l) => l.key === trailingRef.current?.key))
    trailingRef.current = newLine(lines.at(-1)?.taxRate ?? defaultTaxRate ?? '0');
  // It takes the tax rate of the line above at the moment it is typed into, not when it was made.
  const trailing = { ...trailingRef.current, taxRate: lines.at(-1)?.taxRate ?? defaultTaxRate ?? '0' };
  const rows = [...lines, trailing];

  useEffect(() => {
    if (!focusNext) return;
    const el = refs.current.get(focusNext === 'first' ? `${rows[0]?.key}:product` : focusNext);
    if (el) {
      el.focus();
      el.select();
      setFocusNext(null);
    }
  });

  // The lines as last handed to onChange: a product pick lands after its price is fetched, and must not undo
  // what was typed meanwhile (a quantity, another line) by patching the lines of the render that started it.
  const latest = useRef(lines);
  latest.current = lines;
  const update = (key: string, patch: Partial<LineDraft>) => {
    const current = latest.current;
    const next = current.some((l) => l.key === key)
      ? current.map((l) => (l.key === key ? { ...l, ...patch } : l))
      : [...current, { ...trailing, ...patch }];
    latest.current = next;
    onChange(next);
  };
  const remove = (key: string) => onChange(lines.filter((l) => l.key !== key));
  const focusProductAfter = (index: number) => {
    const next = rows[index + 1] ?? trailing;
    setFocusNext(`${next.key}:product`);
  };

  const pick = (key: string, p: PricedProduct) => {
    update(key, {
      productId: p.productId,
      sku: p.sku,
      description: p.description,
      unitPrice: p.unitPrice ?? 0,
      taxRate: p.taxRate,
    });
    setFocusNext(`${key}:quantity`);
  };

  const priced = useMemo(() => {
    const usable = lines.filter((l) => l.description.trim() !== '' && valid(l));
    try {
      const result = priceLines(usable);
      const netByKey = new Map(usable.map((l, i) => [l.key, result.lines[i]?.net ?? 0]));
      return { ...result, netByKey };
    } catch {
      return null;
    }
  }, [lines]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && onSubmit) {
      e.preventDefault();
      onSubmit();
    }
  };

  const money = (amount: number) => formatMoney({ amount, currency }, i18n.language);
  const setRef = (id: string) => (el: HTMLInputElement | null) => {
    refs.current.set(id, el);
  };

  return (
    <Stack gap="sm" onKeyDown={onKeyDown}>
      <Table.ScrollContainer minWidth={760}>
        <Table aria-label={t('lines.label')} verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="40%">{t('lines.product')}</Table.Th>
              <Table.Th ta="right">{t('lines.quantity')}</Table.Th>
              <Table.Th ta="right">{t('lines.unitPrice')}</Table.Th>
              <Table.Th ta="right">{t('lines.discount')}</Table.Th>
              <Table.Th ta="right">{t('lines.taxRate')}</Table.Th>
              <Table.Th ta="right">{t('lines.net')}</Table.Th>
              <Table.Th w={36} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((line, i) => {
              const n = i + 1;
              const net = priced?.netByKey.get(line.key);
              const isTrailing = line.key === trailing.key;
              return (
                <Table.Tr key={line.key}>
                  <Table.Td>
                    <ProductBox
                      inputRef={setRef(`${line.key}:product`)}
                      label={`${t('lines.product')} ${n}`}
                      value={line.description}
                      sku={line.sku ?? null}
                      currency={currency}
                      customer={customer}
                      language={language ?? i18n.language}
                      error={errorOf(line.key, 'description') ?? errorOf(line.key, 'productId')}
                      onText={(description) =>
                        update(line.key, {
                          description,
                          ...(line.productId ? { productId: null, sku: null } : {}),
                        })
                      }
                      onPick={(p) => pick(line.key, p)}
                      onEnter={() => line.description && setFocusNext(`${line.key}:quantity`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <DecimalCell
                      inputRef={setRef(`${line.key}:quantity`)}
                      label={`${t('lines.quantity')} ${n}`}
                      value={line.quantity}
                      schema={quantity}
                      error={errorOf(line.key, 'quantity')}
                      onChange={(v) => update(line.key, { quantity: v })}
                      onEnter={() => focusProductAfter(i)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <PriceCell
                      label={`${t('lines.unitPrice')} ${n}`}
                      value={line.unitPrice}
                      currency={currency}
                      error={errorOf(line.key, 'unitPrice')}
                      onChange={(v) => update(line.key, { unitPrice: v })}
                      onEnter={() => focusProductAfter(i)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <DecimalCell
                      label={`${t('lines.discount')} ${n}`}
                      value={line.discountPercent ?? ''}
                      schema={discountPercent}
                      optional
                      error={errorOf(line.key, 'discountPercent')}
                      onChange={(v) => update(line.key, { discountPercent: v || null })}
                      onEnter={() => focusProductAfter(i)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <DecimalCell
                      label={`${t('lines.taxRate')} ${n}`}
                      value={line.taxRate}
                      schema={taxRate}
                      error={errorOf(line.key, 'taxRate')}
                      onChange={(v) => update(line.key, { taxRate: v })}
                      onEnter={() => focusProductAfter(i)}
                    />
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    <Text size="sm" ff="monospace" c={isTrailing ? 'dimmed' : undefined}>
                      {isTrailing ? '' : net === undefined ? '—' : money(net)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {!isTrailing && (
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={t('lines.remove', { n })}
                        onClick={() => remove(line.key)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => focusProductAfter(rows.length - 2)}
            w="fit-content"
          >
            {t('lines.add')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('lines.keys')}
          </Text>
        </Stack>
        {priced && (
          <TotalsSummary currency={currency} totals={priced.totals} taxBreakdown={priced.taxBreakdown} />
        )}
      </Group>
    </Stack>
  );
}
