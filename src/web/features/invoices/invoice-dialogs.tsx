import { Button, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type InvoiceDetailDto,
  type PaymentDto,
  type PaymentMethod,
  paymentMethods,
} from '../../../shared/invoices.ts';
import { compareDecimal, parseMajor, quantity, subtractDecimal } from '../../../shared/money.ts';
import { ApiError, api } from '../../lib/api.ts';
import { formatMoney } from '../../lib/format.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { refreshInvoices } from './use-invoices.ts';

const todayIso = () => new Date().toISOString().slice(0, 10);
const decimal = (value: string, lng: string) =>
  new Intl.NumberFormat(lng, { maximumFractionDigits: 4 }).format(value as Intl.StringNumericLiteral);

/** Records a payment: the amount typed in major units ("125,50"), parsed exactly with `parseMajor`. */
export function PaymentDialog({
  invoice,
  opened,
  onClose,
}: {
  invoice: InvoiceDetailDto;
  opened: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('invoices');
  const lng = i18n.language;
  const qc = useQueryClient();
  const message = useErrorMessage();
  const [amount, setAmount] = useState('');
  const [receivedOn, setReceivedOn] = useState(todayIso());
  const [method, setMethod] = useState<PaymentMethod>('bank_transfer');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const balance = formatMoney({ amount: invoice.balance, currency: invoice.currency }, lng);
  const save = useMutation({
    mutationFn: (minor: number) =>
      api<PaymentDto>(`/invoices/${invoice.id}/payments`, {
        method: 'POST',
        // One key per dialog opening: a double click or a retry records the payment once.
        headers: { 'idempotency-key': key },
        body: {
          amount: minor,
          currency: invoice.currency,
          // Today: now; another day: its noon (UTC), which is that day in every European time zone.
          receivedAt: receivedOn === todayIso() ? new Date().toISOString() : `${receivedOn}T12:00:00Z`,
          method,
          reference: reference.trim() || null,
        },
      }),
    onSuccess: () => {
      refreshInvoices(qc);
      notifications.show({ color: 'teal', message: t('pay.saved') });
      setAmount('');
      setReference('');
      setKey(crypto.randomUUID());
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.fieldErrors().amount) setError(t('pay.tooMuch'));
      else setError(message(err));
      setKey(crypto.randomUUID());
    },
  });
  const submit = () => {
    const minor = parseMajor(amount, invoice.currency);
    if (minor === null || minor <= 0) return setError(t('pay.invalidAmount', { currency: invoice.currency }));
    if (minor > invoice.balance) return setError(t('pay.tooMuch'));
    setError(null);
    save.mutate(minor);
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('pay.title', { number: invoice.number })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('pay.amount', { currency: invoice.currency })}
            description={t('pay.amountHint', { balance })}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={error}
            data-autofocus
            required
          />
          <TextInput
            type="date"
            label={t('pay.receivedAt')}
            value={receivedOn}
            onChange={(e) => setReceivedOn(e.currentTarget.value || todayIso())}
          />
          <Select
            label={t('pay.method')}
            data={paymentMethods.map((m) => ({ value: m, label: t(`pay.methods.${m}`) }))}
            value={method}
            onChange={(v) => v && setMethod(v as PaymentMethod)}
            allowDeselect={false}
          />
          <TextInput
            label={t('pay.reference')}
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('pay.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('pay.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A credit note: a quantity per invoice line (up to what is still creditable) and a reason. */
export function CreditNoteDialog({
  invoice,
  opened,
  onClose,
  onCreated,
}: {
  invoice: InvoiceDetailDto;
  opened: boolean;
  onClose: () => void;
  onCreated: (creditNote: InvoiceDetailDto) => void;
}) {
  const { t, i18n } = useTranslation('invoices');
  const lng = i18n.language;
  const qc = useQueryClient();
  const message = useErrorMessage();
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const leftOf = (l: InvoiceDetailDto['lines'][number]) => subtractDecimal(l.quantity, l.creditedQuantity);
  const save = useMutation({
    mutationFn: (lines: { invoiceLineId: string; quantity: string }[]) =>
      api<InvoiceDetailDto>(`/invoices/${invoice.id}/credit-note`, {
        method: 'POST',
        body: { lines, reason: reason.trim() },
      }),
    onSuccess: (cn) => {
      refreshInvoices(qc);
      notifications.show({ color: 'teal', message: t('credit.saved', { number: cn.number }) });
      setQuantities({});
      setReason('');
      onCreated(cn);
    },
    onError: (err) => {
      if (err instanceof ApiError) {
        const byPath = err.fieldErrors();
        setErrors(byPath);
        setFormError(Object.keys(byPath).length ? null : message(err));
      } else setFormError(message(err));
    },
  });
  const submit = () => {
    const picked: { invoiceLineId: string; quantity: string }[] = [];
    const errs: Record<string, string> = {};
    for (const l of invoice.lines) {
      const raw = (quantities[l.id] ?? '').trim().replace(',', '.');
      if (!raw) continue;
      const parsed = quantity.safeParse(raw);
      if (!parsed.success || compareDecimal(parsed.data, '0') <= 0) errs[l.id] = t('create.invalidQuantity');
      else if (compareDecimal(parsed.data, leftOf(l)) > 0) errs[l.id] = `≤ ${decimal(leftOf(l), lng)}`;
      else picked.push({ invoiceLineId: l.id, quantity: parsed.data });
    }
    setErrors(errs);
    if (Object.keys(errs).length) return;
    if (!picked.length) return setFormError(t('credit.nothing'));
    setFormError(null);
    save.mutate(picked);
  };
  return (
    <Modal opened={opened} onClose={onClose} size="xl" title={t('credit.title', { number: invoice.number })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('credit.intro')}
          </Text>
          <Table aria-label={t('credit.title', { number: invoice.number })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('credit.line')}</Table.Th>
                <Table.Th ta="right">{t('credit.invoiced')}</Table.Th>
                <Table.Th ta="right">{t('credit.left')}</Table.Th>
                <Table.Th w={150}>{t('credit.quantity')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invoice.lines.map((l, i) => {
                const left = leftOf(l);
                const none = compareDecimal(left, '0') <= 0;
                return (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      <Text size="sm">{l.description}</Text>
                    </Table.Td>
                    <Table.Td ta="right">{decimal(l.quantity, lng)}</Table.Td>
                    <Table.Td ta="right">{decimal(left, lng)}</Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        inputMode="decimal"
                        aria-label={t('credit.quantityOf', { line: l.description })}
                        placeholder="0"
                        disabled={none}
                        value={quantities[l.id] ?? ''}
                        onChange={(e) => {
                          const v = e.currentTarget.value;
                          setQuantities((q) => ({ ...q, [l.id]: v }));
                        }}
                        error={errors[l.id] ?? errors[`lines.${i}.quantity`]}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Textarea
            label={t('credit.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
            required
            minLength={3}
            autosize
            minRows={2}
          />
          {formError && (
            <Text size="sm" c="red">
              {formError}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('pay.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('credit.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Voids an invoice (or credit note) with a reason. */
export function VoidDialog({
  invoice,
  opened,
  onClose,
}: {
  invoice: InvoiceDetailDto;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('invoices');
  const qc = useQueryClient();
  const message = useErrorMessage();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api<InvoiceDetailDto>(`/invoices/${invoice.id}/void`, {
        method: 'POST',
        body: { reason: reason.trim() },
      }),
    onSuccess: () => {
      refreshInvoices(qc);
      notifications.show({ color: 'teal', message: t('voiding.done') });
      onClose();
    },
    onError: (err) =>
      setError(
        err instanceof ApiError && err.fieldErrors().reason ? err.fieldErrors().reason! : message(err),
      ),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('voiding.title', { number: invoice.number })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{t('voiding.body')}</Text>
          <TextInput
            label={t('voiding.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error}
            required
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('pay.cancel')}
            </Button>
            <Button type="submit" color="red" loading={save.isPending}>
              {t('voiding.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
