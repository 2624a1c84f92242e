import {
  Alert,
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvoiceDetailDto } from '../../../shared/invoices.ts';
import { compareDecimal, quantity, subtractDecimal } from '../../../shared/money.ts';
import type { OrderDto } from '../../../shared/orders.ts';
import { ApiError, api } from '../../lib/api.ts';
import { formatMoney } from '../../lib/format.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import type { NewInvoiceSearch } from './routes.tsx';
import { refreshInvoices } from './use-invoices.ts';

const decimal = (value: string, lng: string) =>
  new Intl.NumberFormat(lng, { maximumFractionDigits: 4 }).format(value as Intl.StringNumericLiteral);
const remainingOf = (l: OrderDto['lines'][number]) => subtractDecimal(l.quantity, l.invoicedQuantity);

/** /invoices/new?orderId=…: choose the quantities of the order's lines to invoice (all that is left by default). */
export function NewInvoicePage() {
  const { orderId } = useSearch({ strict: false }) as NewInvoiceSearch;
  const { t } = useTranslation('invoices');
  const message = useErrorMessage();
  usePageTitle(t('create.title', { number: '' }));
  const order = useQuery({
    queryKey: ['invoices', 'order-to-invoice', orderId],
    queryFn: ({ signal }) => api<OrderDto>(`/orders/${orderId}`, { signal }),
    enabled: Boolean(orderId),
    staleTime: 0,
  });
  if (!orderId) return <Alert color="blue">{t('create.noOrder')}</Alert>;
  if (order.isPending)
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  if (order.isError) return <Alert color="red">{message(order.error)}</Alert>;
  return <InvoiceOrderForm order={order.data} />;
}

function InvoiceOrderForm({ order }: { order: OrderDto }) {
  const { t, i18n } = useTranslation('invoices');
  const lng = i18n.language;
  const qc = useQueryClient();
  const navigate = useNavigate();
  const message = useErrorMessage();
  const open = useMemo(
    () => order.lines.filter((l) => compareDecimal(remainingOf(l), '0') > 0),
    [order.lines],
  );
  const [quantities, setQuantities] = useState<Record<string, string>>(() =>
    Object.fromEntries(open.map((l) => [l.id, remainingOf(l)])),
  );
  const [issuedOn, setIssuedOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [terms, setTerms] = useState<number | ''>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [key] = useState(() => crypto.randomUUID());
  usePageTitle(t('create.title', { number: order.number }));

  const save = useMutation({
    mutationFn: (lines: { orderLineId: string; quantity: string }[]) =>
      api<InvoiceDetailDto>('/invoices', {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body: {
          orderId: order.id,
          lines,
          issuedOn,
          ...(terms === '' ? {} : { paymentTermsDays: terms }),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      }),
    onSuccess: (inv) => {
      refreshInvoices(qc);
      notifications.show({ color: 'teal', message: t('create.created', { number: inv.number }) });
      void navigate({ to: `/invoices/${inv.id}` });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.errors.length) {
        const byLine: Record<string, string> = {};
        for (const e of err.errors) {
          const m = /^lines\.(\d+)\./.exec(e.path);
          const picked = m ? chosen()[Number(m[1])] : undefined;
          byLine[picked?.orderLineId ?? e.path] = e.message;
        }
        setErrors(byLine);
      }
      setFormError(message(err));
    },
  });
  const chosen = () =>
    open
      .map((l) => ({ orderLineId: l.id, quantity: (quantities[l.id] ?? '').trim().replace(',', '.') }))
      .filter((p) => p.quantity && compareDecimal(quantity.safeParse(p.quantity).data ?? '0', '0') > 0);
  const submit = () => {
    const errs: Record<string, string> = {};
    for (const l of open) {
      const raw = (quantities[l.id] ?? '').trim().replace(',', '.');
      if (!raw) continue;
      const parsed = quantity.safeParse(raw);
      if (!parsed.success || compareDecimal(parsed.data, '0') < 0) errs[l.id] = t('create.invalidQuantity');
      else if (compareDecimal(parsed.data, remainingOf(l)) > 0)
        errs[l.id] = `≤ ${decimal(remainingOf(l), lng)}`;
    }
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const lines = chosen();
    if (!lines.length) return setFormError(t('credit.nothing'));
    setFormError(null);
    save.mutate(lines);
  };

  return (
    <Stack gap="md" maw={1100}>
      <Anchor component={Link} to={`/orders/${order.id}`} size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {order.number}
        </Group>
      </Anchor>
      <Stack gap={4}>
        <Title order={1} size="h2">
          {t('create.title', { number: order.number })}
        </Title>
        <Text size="sm" c="dimmed">
          {[order.contactName, order.companyName].filter(Boolean).join(' · ')}
        </Text>
      </Stack>
      {open.length === 0 ? (
        <Alert color="blue">{t('create.nothingLeft')}</Alert>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Stack gap="md">
            <Text size="sm">{t('create.fromOrder')}</Text>
            <Paper withBorder radius="md">
              <Table.ScrollContainer minWidth={720}>
                <Table aria-label={t('create.title', { number: order.number })}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('create.line')}</Table.Th>
                      <Table.Th ta="right">{t('create.ordered')}</Table.Th>
                      <Table.Th ta="right">{t('create.invoiced')}</Table.Th>
                      <Table.Th ta="right">{t('create.remaining')}</Table.Th>
                      <Table.Th w={160}>{t('create.quantity')}</Table.Th>
                      <Table.Th ta="right">{t('lines.net', { ns: 'sales' })}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {order.lines.map((l) => {
                      const left = remainingOf(l);
                      const done = compareDecimal(left, '0') <= 0;
                      return (
                        <Table.Tr key={l.id} c={done ? 'dimmed' : undefined}>
                          <Table.Td>
                            <Text size="sm">{l.description}</Text>
                            <Text size="xs" c="dimmed">
                              {formatMoney({ amount: l.unitPrice, currency: order.currency }, lng)} ·{' '}
                              {decimal(l.taxRate, lng)} %
                            </Text>
                          </Table.Td>
                          <Table.Td ta="right">{decimal(l.quantity, lng)}</Table.Td>
                          <Table.Td ta="right">{decimal(l.invoicedQuantity, lng)}</Table.Td>
                          <Table.Td ta="right">{decimal(left, lng)}</Table.Td>
                          <Table.Td>
                            {!done && (
                              <TextInput
                                size="xs"
                                inputMode="decimal"
                                aria-label={t('create.quantityOf', { line: l.description })}
                                value={quantities[l.id] ?? ''}
                                onChange={(e) => {
                                  const v = e.currentTarget.value;
                                  setQuantities((q) => ({ ...q, [l.id]: v }));
                                }}
                                error={errors[l.id]}
                              />
                            )}
                          </Table.Td>
                          <Table.Td ta="right" ff="monospace">
                            {formatMoney({ amount: l.net, currency: order.currency }, lng)}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
            <Group gap="sm" align="flex-end" wrap="wrap">
              <TextInput
                type="date"
                label={t('create.issuedOn')}
                value={issuedOn}
                onChange={(e) => setIssuedOn(e.currentTarget.value || issuedOn)}
                w={170}
              />
              <NumberInput
                label={t('create.terms')}
                value={terms}
                onChange={(v) => setTerms(typeof v === 'number' ? v : '')}
                min={0}
                max={365}
                allowDecimal={false}
                w={190}
              />
            </Group>
            <Textarea
              label={t('create.note')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            {formError && (
              <Text size="sm" c="red">
                {formError}
              </Text>
            )}
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                {t('create.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
