import { Button, Group, Kbd, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { type KeyboardEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currencies } from '../../../shared/money.ts';
import type { OrderChannel, OrderDto } from '../../../shared/orders.ts';
import { orderChannels } from '../../../shared/sales.ts';
import { ApiError, api } from '../../lib/api.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { type LineDraft, LineItemsEditor, toLineInputs } from '../sales/line-items-editor.tsx';
import { type OrderCustomer, OrderCustomerBox } from './order-customer-box.tsx';
import { putOrder, useDefaultCurrency } from './use-orders.ts';

/** `/orders/new?contactId=…&name=…` (or `companyId`) starts with the customer filled in. */
export type OrderEntrySearch = { contactId?: string; companyId?: string; name?: string };

/**
 * /orders/new — fast entry, keyboard first: the customer box has the focus (type, ↓, Enter), then the lines
 * (product, Enter, quantity, Enter for the next line), Ctrl+Enter saves and opens the order.
 */
export function OrderEntryPage() {
  const { t, i18n } = useTranslation('orders');
  usePageTitle(t('entry.title'));
  const search = useSearch({ strict: false }) as OrderEntrySearch;
  const preset: OrderCustomer | null = search.contactId
    ? { kind: 'contact', id: search.contactId, name: search.name ?? '' }
    : search.companyId
      ? { kind: 'company', id: search.companyId, name: search.name ?? '' }
      : null;
  const [customer, setCustomer] = useState<OrderCustomer | null>(preset);
  const [channel, setChannel] = useLocalStorage<OrderChannel>({
    key: 'rapport.orders.channel',
    defaultValue: 'phone',
  });
  const defaultCurrency = useDefaultCurrency();
  const [currencyChoice, setCurrency] = useState<string | null>(null);
  const currency = currencyChoice ?? defaultCurrency;
  const [lines, setLines] = useState<LineDraft[]>([]);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const idempotencyKey = useRef(crypto.randomUUID());
  const customerRef = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const message = useErrorMessage();

  const save = useMutation({
    mutationFn: () =>
      api<OrderDto>('/orders', {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey.current },
        body: {
          ...(customer?.kind === 'company' ? { companyId: customer.id } : { contactId: customer?.id }),
          channel,
          currency,
          lines: toLineInputs(lines),
          note: note.trim() || undefined,
        },
      }),
    onSuccess: (order) => {
      putOrder(qc, order);
      notifications.show({ color: 'green', message: t('entry.created', { number: order.number }) });
      void navigate({ to: `/orders/${order.id}` });
    },
    onError: (err) => {
      // A refused order may be sent again after a fix: it is a new request.
      idempotencyKey.current = crypto.randomUUID();
      if (err instanceof ApiError && err.errors.length) setErrors(err.errors);
      else notifications.show({ color: 'red', message: message(err) });
    },
  });

  const submit = () => {
    if (save.isPending) return;
    if (!customer) {
      setErrors([{ path: 'contactId', message: t('entry.customerRequired') }]);
      customerRef.current?.focus();
      return;
    }
    if (!toLineInputs(lines).length) {
      setErrors([{ path: 'lines', message: t('entry.linesRequired') }]);
      return;
    }
    setErrors([]);
    save.mutate();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
      e.preventDefault();
      submit();
    }
  };
  const errorAt = (path: string) => errors.find((e) => e.path === path)?.message;

  return (
    <Stack gap="md" maw={1180} onKeyDown={onKeyDown}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('entry.title')}
        </Title>
        <Text size="xs" c="dimmed" visibleFrom="sm">
          {t('entry.keys')}
        </Text>
      </Group>
      <Paper withBorder p="md" radius="md">
        <Stack gap="md">
          <Group gap="md" align="flex-start" wrap="wrap">
            <div style={{ flex: '1 1 320px', maxWidth: 460 }}>
              <OrderCustomerBox
                inputRef={customerRef}
                value={customer}
                onChange={setCustomer}
                error={errorAt('contactId') ?? errorAt('companyId')}
                autoFocus={!preset}
              />
            </div>
            <Select
              label={t('entry.channel')}
              data={orderChannels.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
              value={channel}
              onChange={(v) => v && setChannel(v as OrderChannel)}
              allowDeselect={false}
              w={180}
            />
            <Select
              label={t('entry.currency')}
              data={currencies}
              value={currency}
              onChange={(v) => v && setCurrency(v)}
              allowDeselect={false}
              searchable
              w={120}
            />
          </Group>
          {/* Mounted again once the customer is chosen, so the cursor moves on to the first product box. */}
          <LineItemsEditor
            key={customer ? 'customer' : 'none'}
            currency={currency}
            lines={lines}
            onChange={setLines}
            customer={
              customer
                ? { [customer.kind === 'contact' ? 'contactId' : 'companyId']: customer.id }
                : undefined
            }
            language={i18n.language}
            errors={errors}
            onSubmit={submit}
            autoFocus={Boolean(customer)}
          />
          {errorAt('lines') && (
            <Text size="sm" c="red">
              {errorAt('lines')}
            </Text>
          )}
          <Textarea
            label={t('entry.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={1}
            maxRows={4}
            error={errorAt('note')}
          />
        </Stack>
      </Paper>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" component={Link} to="/orders">
          {t('entry.cancel')}
        </Button>
        <Button
          onClick={submit}
          loading={save.isPending}
          rightSection={<Kbd size="xs">{t('entry.saveHint')}</Kbd>}
        >
          {t('entry.save')}
        </Button>
      </Group>
    </Stack>
  );
}
