import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languages } from '../../../shared/common.ts';
import { currencies } from '../../../shared/money.ts';
import { ApiError } from '../../lib/api.ts';
import { languageName } from '../../lib/languages.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { fromLineDtos, type LineDraft, LineItemsEditor, toLineInputs } from '../sales/line-items-editor.tsx';
import { useSalesSettings } from '../sales/use-sales-settings.ts';
import { type Customer, CustomerPicker } from '../tasks/customer-picker.tsx';
import { useCreateQuote, useQuoteTemplates } from './use-quotes.ts';

const addDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** `?contactId=…&name=…` (or `companyId`) starts with the customer filled in (from a customer's page). */
export type NewQuoteSearch = { contactId?: string; companyId?: string; name?: string };

/** /quotes/new: a customer, optionally a template, then the lines typed with the keyboard. Ctrl+Enter creates. */
export function NewQuotePage() {
  const { t, i18n } = useTranslation('quotes');
  const message = useErrorMessage();
  const navigate = useNavigate();
  const create = useCreateQuote();
  const templates = useQuoteTemplates();
  const settings = useSalesSettings();
  const search = useSearch({ strict: false }) as NewQuoteSearch;
  const [customer, setCustomer] = useState<Customer | null>(
    search.contactId
      ? { kind: 'contact', id: search.contactId, name: search.name ?? '' }
      : search.companyId
        ? { kind: 'company', id: search.companyId, name: search.name ?? '' }
        : null,
  );
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [currency, setCurrency] = useState<string | null>(null);
  const [language, setLanguage] = useState<string | null>(null);
  const [validUntil, setValidUntil] = useState<string>('');
  const [title, setTitle] = useState('');
  const [terms, setTerms] = useState<string | null>(null);
  const [lines, setLines] = useState<LineDraft[]>([]);
  usePageTitle(t('new'));

  const cur = currency ?? settings.data?.defaultCurrency ?? 'EUR';
  const validity = validUntil || addDays(settings.data?.quoteValidityDays ?? 30);
  const errors = create.error instanceof ApiError ? create.error.fieldErrors() : {};

  const pickTemplate = (id: string | null) => {
    setTemplateId(id);
    const tpl = templates.data?.data.find((x) => x.id === id);
    if (!tpl) return;
    setCurrency(tpl.currency);
    setLines(fromLineDtos(tpl.lines));
    setTerms(tpl.terms);
    setValidUntil(addDays(tpl.validDays));
    if (!title) setTitle(tpl.name);
  };

  const submit = () => {
    if (create.isPending) return;
    create.mutate(
      {
        ...(customer?.kind === 'contact' ? { contactId: customer.id } : {}),
        ...(customer?.kind === 'company' ? { companyId: customer.id } : {}),
        ...(templateId ? { templateId } : {}),
        currency: cur as never,
        ...(language ? { language: language as never } : {}),
        validUntil: validity,
        title: title.trim() || null,
        terms: terms ?? settings.data?.quoteTerms ?? null,
        lines: toLineInputs(lines),
      },
      { onSuccess: (q) => void navigate({ to: `/quotes/${q.id}` }) },
    );
  };

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between">
        <div>
          <Anchor component={Link} to="/quotes" size="sm">
            ← {t('page.back')}
          </Anchor>
          <Title order={2}>{t('new')}</Title>
        </div>
      </Group>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <CustomerPicker
              value={customer}
              onChange={setCustomer}
              error={errors.contactId ?? errors.companyId}
            />
            <Select
              label={t('form.template')}
              placeholder={t('form.noTemplate')}
              clearable
              data={(templates.data?.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
              value={templateId}
              onChange={pickTemplate}
            />
            <TextInput
              label={t('form.title')}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={errors.title}
            />
            <SimpleGrid cols={2}>
              <Select
                label={t('form.currency')}
                data={currencies}
                value={cur}
                onChange={(v) => v && setCurrency(v)}
                allowDeselect={false}
                searchable
              />
              <TextInput
                type="date"
                label={t('form.validUntil')}
                value={validity}
                onChange={(e) => setValidUntil(e.currentTarget.value)}
                error={errors.validUntil}
              />
            </SimpleGrid>
            <Select
              label={t('form.language')}
              placeholder={t('form.languageAuto')}
              clearable
              data={languages.map((l) => ({ value: l, label: languageName(l, l) }))}
              value={language}
              onChange={setLanguage}
            />
          </SimpleGrid>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <LineItemsEditor
          currency={cur}
          lines={lines}
          onChange={setLines}
          customer={{
            contactId: customer?.kind === 'contact' ? customer.id : null,
            companyId: customer?.kind === 'company' ? customer.id : null,
          }}
          language={language ?? i18n.language}
          errors={errors}
          onSubmit={submit}
        />
      </Paper>
      <Textarea
        label={t('form.terms')}
        autosize
        minRows={2}
        value={terms ?? settings.data?.quoteTerms ?? ''}
        onChange={(e) => setTerms(e.currentTarget.value)}
        error={errors.terms}
      />
      {create.isError && !Object.keys(errors).length && <Alert color="red">{message(create.error)}</Alert>}
      {create.isError && Object.keys(errors).length > 0 && (
        <Alert color="red">{Object.values(errors).join(' · ')}</Alert>
      )}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {t('form.keys')}
        </Text>
        <Group>
          <Button variant="default" component={Link} to="/quotes">
            {t('form.cancel')}
          </Button>
          <Button onClick={submit} loading={create.isPending}>
            {t('form.create')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
