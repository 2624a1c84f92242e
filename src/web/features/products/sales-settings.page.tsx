import {
  Alert,
  Button,
  Center,
  ColorInput,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currencies } from '../../../shared/money.ts';
import type { SalesSettings } from '../../../shared/sales-settings.ts';
import { ApiError } from '../../lib/api.ts';
import { countryOptions } from '../../lib/countries.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { ReadOnlyNote, SectionIntro } from '../settings/settings.layout.tsx';
import { useSalesSettings, useSaveSalesSettings } from './use-products.ts';

/** Settings → Sales: the seller printed on quotes and invoices, and the defaults of new documents. */
export function SalesSettingsPage() {
  const { t } = useTranslation('products');
  const message = useErrorMessage();
  const settings = useSalesSettings();
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
      <SectionIntro>{t('sales.intro')}</SectionIntro>
      <SalesForm initial={settings.data} />
    </Stack>
  );
}

function SalesForm({ initial }: { initial: SalesSettings }) {
  const { t, i18n } = useTranslation('products');
  const { t: tc } = useTranslation();
  const message = useErrorMessage();
  const isAdmin = hasRole(useSession().data?.user, 'admin');
  const save = useSaveSalesSettings();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<SalesSettings>({ initialValues: initial });
  const input = (field: keyof SalesSettings) => ({ ...form.getInputProps(field), readOnly: !isAdmin });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    const changed = Object.fromEntries(
      Object.entries(values).filter(([k, v]) => v !== initial[k as keyof SalesSettings]),
    );
    try {
      const saved = await save.mutateAsync(changed);
      form.setInitialValues(saved);
      form.resetDirty(saved);
      notifications.show({ color: 'teal', message: t('sales.saved') });
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) {
        form.setErrors(err.fieldErrors());
        setProblem(tc('errors.validation'));
      } else setProblem(message(err));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="md">
            {t('sales.company')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('sales.companyName')} {...input('companyName')} />
            <TextInput label={t('sales.vatId')} {...input('vatId')} />
            <Textarea
              label={t('sales.address')}
              description={t('sales.addressHint')}
              autosize
              minRows={3}
              {...input('address')}
            />
            <Select
              label={t('sales.country')}
              data={countryOptions(i18n.language)}
              searchable
              allowDeselect={false}
              {...input('country')}
            />
            <TextInput label={t('sales.email')} type="email" {...input('email')} />
            <TextInput label={t('sales.phone')} type="tel" {...input('phone')} />
            <TextInput label={t('sales.website')} {...input('website')} />
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="md">
            {t('sales.bank')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('sales.iban')} {...input('iban')} />
            <TextInput label={t('sales.bic')} {...input('bic')} />
            <TextInput label={t('sales.bankName')} {...input('bankName')} />
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="md">
            {t('sales.documents')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <ColorInput
              label={t('sales.brandColor')}
              description={t('sales.brandColorHint')}
              format="hex"
              swatches={['#1c7ed6', '#0b7285', '#2b8a3e', '#e8590c', '#c2255c', '#5f3dc4', '#212529']}
              {...input('brandColor')}
              disabled={!isAdmin}
            />
            <Select
              label={t('sales.defaultCurrency')}
              data={currencies}
              searchable
              allowDeselect={false}
              {...input('defaultCurrency')}
            />
            <NumberInput
              label={t('sales.paymentTermsDays')}
              min={0}
              max={365}
              allowDecimal={false}
              {...input('paymentTermsDays')}
            />
            <NumberInput
              label={t('sales.quoteValidityDays')}
              min={1}
              max={365}
              allowDecimal={false}
              {...input('quoteValidityDays')}
            />
          </SimpleGrid>
          <Stack mt="md">
            <Textarea label={t('sales.quoteTerms')} autosize minRows={3} {...input('quoteTerms')} />
            <Textarea
              label={t('sales.invoiceFooter')}
              description={t('sales.invoiceFooterHint')}
              autosize
              minRows={2}
              {...input('invoiceFooter')}
            />
          </Stack>
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
