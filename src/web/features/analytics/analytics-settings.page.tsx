import {
  Alert,
  Button,
  Center,
  Group,
  Loader,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsSettings, UpdateAnalyticsSettingsInput } from '../../../shared/analytics.ts';
import { ApiError } from '../../lib/api.ts';
import { currencyDigits, toMajor, toMinor } from '../../lib/money.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { decimalSeparator } from '../records/filter-value-input.tsx';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useDefaultCurrency } from '../sales/use-sales-settings.ts';
import { ReadOnlyNote, SectionIntro } from '../settings/settings.layout.tsx';
import { useAnalyticsSettings, useLatestRun, useSaveAnalyticsSettings } from './use-analytics.ts';

/** The form shows percentages and major units; the API takes rates (0–1) and minor units. */
type Values = {
  churnThreshold: number | string;
  valuableClv: number | string;
  costPerInteraction: number | string;
  monthlyDiscountRate: number | string;
  marginMode: 'orders' | 'fixed';
  marginRate: number | string;
  minSupport: number | string;
  minConfidence: number | string;
  alerts: boolean;
};

/** Allowed ranges in the form's units (the contract's, as percentages for rates). */
const ranges = {
  churnThreshold: [1, 99],
  monthlyDiscountRate: [0, 50],
  marginRate: [0, 100],
  minSupport: [0.01, 100],
  minConfidence: [1, 100],
  valuableClv: [0, Number.MAX_SAFE_INTEGER],
  costPerInteraction: [0, Number.MAX_SAFE_INTEGER],
} as const;
type RangedField = keyof typeof ranges;

const pct = (rate: number) => Number((rate * 100).toFixed(6));
const rate = (percent: number) => Number((percent / 100).toFixed(8));

function toValues(s: AnalyticsSettings, currency: string): Values {
  return {
    churnThreshold: pct(s.churnThreshold),
    valuableClv: toMajor(s.valuableClv, currency),
    costPerInteraction: toMajor(s.costPerInteraction, currency),
    monthlyDiscountRate: pct(s.monthlyDiscountRate),
    marginMode: s.marginRate === null ? 'orders' : 'fixed',
    marginRate: s.marginRate === null ? '' : pct(s.marginRate),
    minSupport: pct(s.minSupport),
    minConfidence: pct(s.minConfidence),
    alerts: s.alerts,
  };
}

function toSettings(v: Values, currency: string): AnalyticsSettings {
  return {
    churnThreshold: rate(Number(v.churnThreshold)),
    valuableClv: toMinor(Number(v.valuableClv), currency),
    costPerInteraction: toMinor(Number(v.costPerInteraction), currency),
    monthlyDiscountRate: rate(Number(v.monthlyDiscountRate)),
    marginRate: v.marginMode === 'orders' ? null : rate(Number(v.marginRate)),
    minSupport: rate(Number(v.minSupport)),
    minConfidence: rate(Number(v.minConfidence)),
    alerts: v.alerts,
  };
}

/** Settings → Customer value: how scores are computed and when owners are alerted (admins edit, others read). */
export function AnalyticsSettingsPage() {
  const { t } = useTranslation('analytics');
  const message = useErrorMessage();
  const settings = useAnalyticsSettings();
  const defaultCurrency = useDefaultCurrency();
  const currency = useLatestRun().data?.run?.currency ?? defaultCurrency;
  if (settings.isPending)
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  if (settings.isError) return <Alert color="red">{message(settings.error)}</Alert>;
  return (
    <Stack>
      <ReadOnlyNote />
      <SectionIntro>{t('settings.intro')}</SectionIntro>
      <SettingsForm key={currency} initial={settings.data} currency={currency} />
    </Stack>
  );
}

function SettingsForm({ initial, currency }: { initial: AnalyticsSettings; currency: string }) {
  const { t, i18n } = useTranslation('analytics');
  const { t: tc } = useTranslation();
  const message = useErrorMessage();
  const isAdmin = hasRole(useSession().data?.user, 'admin');
  const save = useSaveAnalyticsSettings();
  const [problem, setProblem] = useState<string | null>(null);
  const lng = i18n.language;
  const num = (n: number) => new Intl.NumberFormat(lng, { maximumFractionDigits: 2 }).format(n);
  const rangeMessage = (field: RangedField) => {
    const [min, max] = ranges[field];
    return max === Number.MAX_SAFE_INTEGER
      ? t('settings.range', { min: num(min), max: '∞' })
      : t('settings.range', { min: num(min), max: num(max) });
  };
  const check = (field: RangedField) => (value: number | string, values: Values) => {
    if (field === 'marginRate' && values.marginMode === 'orders') return null;
    if (value === '' || value === null) return t('settings.required');
    const n = Number(value);
    const [min, max] = ranges[field];
    return Number.isFinite(n) && n >= min && n <= max ? null : rangeMessage(field);
  };
  const form = useForm<Values>({
    initialValues: toValues(initial, currency),
    validate: {
      churnThreshold: check('churnThreshold'),
      valuableClv: check('valuableClv'),
      costPerInteraction: check('costPerInteraction'),
      monthlyDiscountRate: check('monthlyDiscountRate'),
      marginRate: check('marginRate'),
      minSupport: check('minSupport'),
      minConfidence: check('minConfidence'),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    const next = toSettings(values, currency);
    const changed = Object.fromEntries(
      Object.entries(next).filter(([k, v]) => v !== initial[k as keyof AnalyticsSettings]),
    ) as UpdateAnalyticsSettingsInput;
    try {
      const saved = await save.mutateAsync(changed);
      const fresh = toValues(saved, currency);
      form.setInitialValues(fresh);
      form.setValues(fresh);
      form.resetDirty(fresh);
      notifications.show({ color: 'teal', message: t('settings.saved') });
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) {
        // Field paths are the settings' names; out-of-range values get our own words in the form's units.
        form.setErrors(
          Object.fromEntries(
            err.errors.map((e) => {
              const field = e.path.split('.')[0] ?? e.path;
              const own =
                field in ranges && (e.code === 'too_small' || e.code === 'too_big')
                  ? rangeMessage(field as RangedField)
                  : e.message;
              return [field, own];
            }),
          ),
        );
        setProblem(tc('errors.validation'));
      } else setProblem(message(err));
    }
  });

  const digits = currencyDigits(currency);
  const sep = decimalSeparator(lng);
  const percent = (field: RangedField, scale = 2) => ({
    ...form.getInputProps(field),
    suffix: ' %',
    // Out-of-range values stay as typed and get a message, rather than being changed silently.
    clampBehavior: 'none' as const,
    decimalScale: scale,
    decimalSeparator: sep,
    min: ranges[field][0],
    max: ranges[field][1],
    readOnly: !isAdmin,
  });
  const money = (field: 'valuableClv' | 'costPerInteraction') => ({
    ...form.getInputProps(field),
    decimalScale: digits,
    fixedDecimalScale: digits > 0,
    decimalSeparator: sep,
    min: 0,
    rightSection: (
      <Text size="xs" c="dimmed">
        {currency}
      </Text>
    ),
    rightSectionWidth: 48,
    readOnly: !isAdmin,
  });
  const fromOrders = form.values.marginMode === 'orders';

  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.tab')}>
      <Stack>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="md">
            {t('settings.churn')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label={t('settings.churnThreshold')}
              description={t('settings.churnThresholdHint')}
              {...percent('churnThreshold', 1)}
            />
            <NumberInput
              label={t('settings.valuableClv')}
              description={t('settings.valuableClvHint')}
              {...money('valuableClv')}
            />
          </SimpleGrid>
          <Switch
            mt="md"
            label={t('settings.alerts')}
            description={t('settings.alertsHint')}
            {...form.getInputProps('alerts', { type: 'checkbox' })}
            disabled={!isAdmin}
          />
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="md">
            {t('settings.value')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label={t('settings.costPerInteraction')}
              description={t('settings.costPerInteractionHint')}
              {...money('costPerInteraction')}
            />
            <NumberInput
              label={t('settings.monthlyDiscountRate')}
              description={t('settings.monthlyDiscountRateHint')}
              {...percent('monthlyDiscountRate')}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="margin-mode-label">
                {t('settings.marginMode')}
              </Text>
              <SegmentedControl
                aria-labelledby="margin-mode-label"
                data={[
                  { value: 'orders', label: t('settings.marginFromOrders') },
                  { value: 'fixed', label: t('settings.marginFixed') },
                ]}
                {...form.getInputProps('marginMode')}
                onChange={(v) => {
                  form.setFieldValue('marginMode', v as Values['marginMode']);
                  if (v === 'fixed' && form.values.marginRate === '') form.setFieldValue('marginRate', 100);
                }}
                disabled={!isAdmin}
              />
              {fromOrders && (
                <Text size="xs" c="dimmed">
                  {t('settings.marginFromOrdersHint')}
                </Text>
              )}
            </Stack>
            {!fromOrders && (
              <NumberInput
                label={t('settings.marginRate')}
                description={t('settings.marginRateHint')}
                {...percent('marginRate', 1)}
              />
            )}
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="md">
            {t('settings.offers')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label={t('settings.minSupport')}
              description={t('settings.minSupportHint')}
              {...percent('minSupport', 2)}
            />
            <NumberInput
              label={t('settings.minConfidence')}
              description={t('settings.minConfidenceHint')}
              {...percent('minConfidence', 1)}
            />
          </SimpleGrid>
        </Paper>
        {isAdmin && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              {tc('actions.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
