import '@mantine/dates/styles.css';
import {
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Switch,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { type CustomFieldDto, labelOf } from '../../../shared/custom-fields.ts';
import { currencyDigits, currencyName, currencyOptions } from '../../lib/money.ts';
import { useDateLocale } from './date-locale.ts';
import { decimalSeparator } from './filter-value-input.tsx';
import { FormSection } from './form-section.tsx';
import type { MoneyInput, RecordFormValues } from './form-values.ts';

type Form = UseFormReturnType<RecordFormValues>;

/** One input per custom field, chosen by its type, labelled in the UI language, required ones marked. */
export function CustomFieldInputs({ form, defs }: { form: Form; defs: CustomFieldDto[] }) {
  const { t } = useTranslation('records');
  if (!defs.length) return null;
  const wide = (d: CustomFieldDto) => d.type === 'long_text' || d.type === 'multi_select';
  return (
    <FormSection legend={t('form.customFields')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {defs.map((d) => (
          <div key={d.key} style={wide(d) ? { gridColumn: '1 / -1' } : undefined}>
            <CustomFieldInput form={form} def={d} />
          </div>
        ))}
      </SimpleGrid>
    </FormSection>
  );
}

function CustomFieldInput({ form, def }: { form: Form; def: CustomFieldDto }) {
  const { t, i18n } = useTranslation('records');
  const locale = useDateLocale();
  const lng = i18n.language;
  const label = labelOf(def.labels, lng);
  const path = `custom.${def.key}`;
  const props = form.getInputProps(path);
  const common = { label, required: def.required };
  const options = def.options.map((o) => ({ value: o.value, label: labelOf(o.labels, lng) }));
  switch (def.type) {
    case 'long_text':
      return <Textarea {...common} autosize minRows={2} maxRows={8} {...props} />;
    case 'integer':
      return (
        <NumberInput
          {...common}
          allowDecimal={false}
          thousandSeparator={thousands(lng)}
          decimalSeparator={decimalSeparator(lng)}
          {...props}
        />
      );
    case 'decimal':
      return (
        <NumberInput
          {...common}
          decimalScale={6}
          thousandSeparator={thousands(lng)}
          decimalSeparator={decimalSeparator(lng)}
          {...props}
        />
      );
    case 'date':
      return <DateInput {...common} valueFormat="L" locale={locale} clearable {...props} />;
    case 'boolean':
      return <Switch label={label} mt={28} {...form.getInputProps(path, { type: 'checkbox' })} />;
    case 'select':
      return (
        <Select
          comboboxProps={{ keepMounted: false }}
          {...common}
          data={options}
          clearable
          searchable={options.length > 8}
          {...props}
        />
      );
    case 'multi_select':
      return (
        <MultiSelect
          comboboxProps={{ keepMounted: false }}
          {...common}
          data={options}
          clearable
          searchable={options.length > 8}
          {...props}
        />
      );
    case 'money': {
      const m = (form.values.custom[def.key] as MoneyInput | undefined) ?? { amount: '', currency: 'EUR' };
      return (
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <NumberInput
            {...common}
            style={{ flex: 1 }}
            decimalScale={currencyDigits(m.currency)}
            thousandSeparator={thousands(lng)}
            decimalSeparator={decimalSeparator(lng)}
            {...form.getInputProps(`${path}.amount`)}
          />
          <Select
            label={t('form.currency')}
            data={currencyOptions(lng).map((c) => ({ value: c.value, label: c.value }))}
            searchable
            allowDeselect={false}
            w={110}
            comboboxProps={{ keepMounted: false, width: 280, position: 'bottom-end' }}
            renderOption={({ option }) => currencyName(option.value, lng)}
            {...form.getInputProps(`${path}.currency`)}
          />
        </Group>
      );
    }
    case 'url':
      return <TextInput {...common} type="url" placeholder="https://" {...props} />;
    case 'email':
      return <TextInput {...common} type="email" {...props} />;
    case 'phone':
      return <TextInput {...common} type="tel" {...props} />;
    default:
      return <TextInput {...common} {...props} />;
  }
}

function thousands(lng: string): string {
  return new Intl.NumberFormat(lng).formatToParts(12345).find((p) => p.type === 'group')?.value ?? ',';
}
