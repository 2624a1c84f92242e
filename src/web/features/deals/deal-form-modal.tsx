import '@mantine/dates/styles.css';
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DealDetailDto, PipelineDto } from '../../../shared/deals.ts';
import { parseMajor } from '../../../shared/money.ts';
import { ApiError, api } from '../../lib/api.ts';
import { currencyOptions } from '../../lib/money.ts';
import { useSession } from '../../lib/session.ts';
import { useDateLocale } from '../records/date-locale.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useUsers } from '../records/use-users.ts';
import { useSalesSettings } from '../sales/use-sales-settings.ts';
import { type Customer, CustomerPicker } from '../tasks/customer-picker.tsx';
import { stageLabel } from './stage-label.ts';
import { refreshDeals, usePipelines } from './use-deals.ts';

/**
 * A new deal: title, customer, amount and currency, expected close, stage and owner. Ctrl+Enter saves.
 * The API's field errors show next to the inputs.
 */
export function DealFormModal({
  opened,
  onClose,
  pipelineId,
  initialCustomer,
}: {
  opened: boolean;
  onClose: () => void;
  pipelineId?: string | null;
  initialCustomer?: Customer | null;
}) {
  const { t, i18n } = useTranslation('deals');
  const locale = useDateLocale();
  const qc = useQueryClient();
  const message = useErrorMessage();
  const me = useSession().data?.user;
  const { users } = useUsers();
  const pipelines = usePipelines();
  const settings = useSalesSettings();
  const pipeline: PipelineDto | undefined =
    pipelines.data?.data.find((p) => p.id === pipelineId) ??
    pipelines.data?.data.find((p) => p.isDefault) ??
    pipelines.data?.data[0];

  const [title, setTitle] = useState('');
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState<string | null>(null);
  const [closeOn, setCloseOn] = useState<string | null>(null);
  const [stageId, setStageId] = useState<string | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: a fresh form each time it opens, not on re-renders
  useEffect(() => {
    if (!opened) return;
    setTitle('');
    setCustomer(initialCustomer ?? null);
    setAmount('');
    setCurrency(null);
    setCloseOn(null);
    setStageId(null);
    setOwnerId(me?.id ?? null);
    setErrors({});
  }, [opened]);

  const cur = currency ?? settings.data?.defaultCurrency ?? 'EUR';
  const openStages = pipeline?.stages.filter((s) => s.kind === 'open') ?? [];
  const stage = stageId ?? openStages[0]?.id ?? null;
  const currencies = useMemo(() => currencyOptions(i18n.language), [i18n.language]);

  const save = useMutation({
    mutationFn: () => {
      const minor = amount.trim() ? parseMajor(amount, cur) : 0;
      if (minor === null) throw new ApiError(422, null, 'amount');
      return api<DealDetailDto>('/deals', {
        method: 'POST',
        body: {
          title,
          pipelineId: pipeline?.id,
          stageId: stage ?? undefined,
          amount: minor,
          currency: cur,
          expectedCloseOn: closeOn,
          ownerId,
          ...(customer ? { [customer.kind === 'contact' ? 'contactId' : 'companyId']: customer.id } : {}),
        },
      });
    },
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('created') });
      refreshDeals(qc);
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.problem === null && err.message === 'amount')
        setErrors({ amount: t('fields.amount') });
      else if (err instanceof ApiError) setErrors(err.fieldErrors());
    },
  });
  const general =
    save.error instanceof ApiError && save.error.errors.length === 0 && save.error.problem
      ? message(save.error)
      : null;
  const submit = () => save.mutate();

  return (
    <Modal opened={opened} onClose={onClose} title={t('newDeal')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
      >
        <Stack>
          {general && <Alert color="red">{general}</Alert>}
          <TextInput
            label={t('fields.title')}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={errors.title}
            required
            data-autofocus
            maxLength={300}
          />
          <CustomerPicker
            value={customer}
            onChange={setCustomer}
            error={errors.contactId ?? errors.companyId}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('fields.amount')}
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={errors.amount}
              inputMode="decimal"
              placeholder="0"
            />
            <Select
              label={t('fields.currency')}
              data={currencies}
              value={cur}
              onChange={(v) => setCurrency(v)}
              searchable
              allowDeselect={false}
              error={errors.currency}
            />
            <DateInput
              label={t('fields.expectedCloseOn')}
              value={closeOn}
              onChange={(v) => setCloseOn(v ? dayjs(v).format('YYYY-MM-DD') : null)}
              locale={locale}
              valueFormat="LL"
              clearable
              error={errors.expectedCloseOn}
            />
            <Select
              label={t('fields.stage')}
              data={openStages.map((s) => ({ value: s.id, label: stageLabel(s.labels, i18n.language) }))}
              value={stage}
              onChange={setStageId}
              allowDeselect={false}
              error={errors.stageId}
            />
            <Select
              label={t('fields.owner')}
              data={users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name || u.email }))}
              value={ownerId}
              onChange={setOwnerId}
              searchable
              clearable
              error={errors.ownerId}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
