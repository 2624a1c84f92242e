import '@mantine/dates/styles.css';
import { Button, Group, Paper, Select, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DealDetailDto, UpdateDealInput } from '../../../shared/deals.ts';
import { parseMajor, toMajorString } from '../../../shared/money.ts';
import { ApiError, api } from '../../lib/api.ts';
import { currencyOptions } from '../../lib/money.ts';
import { useDateLocale } from '../records/date-locale.ts';
import { useUsers } from '../records/use-users.ts';

/**
 * The deal's own fields. With line items the amount is their total (read-only here); without, it is typed
 * in major units and parsed exactly. Saves with the version it was loaded at (412 → reload).
 */
export function DealDetailsForm({
  deal,
  canWrite,
  onSaved,
  onError,
}: {
  deal: DealDetailDto;
  canWrite: boolean;
  onSaved: (d: DealDetailDto) => void;
  onError: (err: Error) => void;
}) {
  const { t, i18n } = useTranslation('deals');
  const locale = useDateLocale();
  const { users } = useUsers();
  const currencies = useMemo(() => currencyOptions(i18n.language), [i18n.language]);
  const initial = () => ({
    title: deal.title,
    amount: toMajorString(deal.amount, deal.currency),
    currency: deal.currency,
    expectedCloseOn: deal.expectedCloseOn,
    ownerId: deal.ownerId,
    source: deal.source ?? '',
    description: deal.description ?? '',
    closeNote: deal.closeNote ?? '',
  });
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when a new version arrives
  useEffect(() => setV(initial()), [deal.id, deal.version]);
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) =>
    setV((old) => ({ ...old, [k]: value }));
  const fromLines = deal.lineCount > 0;

  const save = useMutation({
    mutationFn: () => {
      const body: UpdateDealInput = {
        title: v.title,
        currency: v.currency as UpdateDealInput['currency'],
        expectedCloseOn: v.expectedCloseOn,
        ownerId: v.ownerId,
        source: v.source,
        description: v.description,
        ...(deal.status !== 'open' ? { closeNote: v.closeNote } : {}),
      };
      if (!fromLines) {
        const minor = parseMajor(v.amount, v.currency);
        if (minor === null || minor < 0) {
          setErrors({ amount: t('fields.amount') });
          throw new Error('amount');
        }
        body.amount = minor;
      }
      return api<DealDetailDto>(`/deals/${deal.id}`, {
        method: 'PATCH',
        headers: { 'if-match': `"${deal.version}"` },
        body,
      });
    },
    onSuccess: (d) => {
      setErrors({});
      onSaved(d);
      notifications.show({ color: 'teal', message: t('saved') });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.errors.length) setErrors(err.fieldErrors());
      else if (err instanceof ApiError) onError(err);
    },
  });

  return (
    <Paper withBorder p="md" radius="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('details')}
          </Title>
          <TextInput
            label={t('fields.title')}
            value={v.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            error={errors.title}
            readOnly={!canWrite}
            required
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('fields.amount')}
              value={v.amount}
              onChange={(e) => set('amount', e.currentTarget.value)}
              error={errors.amount}
              readOnly={!canWrite || fromLines}
              description={fromLines ? t('amountFromLines') : undefined}
              inputMode="decimal"
            />
            <Select
              label={t('fields.currency')}
              data={currencies}
              value={v.currency}
              onChange={(c) => c && set('currency', c)}
              searchable
              allowDeselect={false}
              readOnly={!canWrite}
              error={errors.currency}
            />
            <DateInput
              label={t('fields.expectedCloseOn')}
              value={v.expectedCloseOn}
              onChange={(d) => set('expectedCloseOn', d ? dayjs(d).format('YYYY-MM-DD') : null)}
              locale={locale}
              valueFormat="LL"
              clearable
              readOnly={!canWrite}
              error={errors.expectedCloseOn}
            />
            <Select
              label={t('fields.owner')}
              data={users
                .filter((u) => u.active || u.id === v.ownerId)
                .map((u) => ({ value: u.id, label: u.name || u.email }))}
              value={v.ownerId}
              onChange={(o) => set('ownerId', o)}
              searchable
              clearable
              readOnly={!canWrite}
              error={errors.ownerId}
            />
            <TextInput
              label={t('fields.source')}
              value={v.source}
              onChange={(e) => set('source', e.currentTarget.value)}
              readOnly={!canWrite}
              error={errors.source}
              maxLength={100}
            />
          </SimpleGrid>
          <Textarea
            label={t('fields.description')}
            value={v.description}
            onChange={(e) => set('description', e.currentTarget.value)}
            readOnly={!canWrite}
            autosize
            minRows={2}
            error={errors.description}
          />
          {deal.status !== 'open' && (
            <Textarea
              label={t('fields.closeNote')}
              value={v.closeNote}
              onChange={(e) => set('closeNote', e.currentTarget.value)}
              readOnly={!canWrite}
              autosize
              error={errors.closeNote}
            />
          )}
          {canWrite && (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                {t('save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
