import { ActionIcon, Button, Group, Select, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { randomId } from '@mantine/hooks';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contactLabels } from '../../../shared/crm.ts';
import { FormSection } from './form-section.tsx';
import type { RecordFormValues } from './form-values.ts';

type Form = UseFormReturnType<RecordFormValues>;

export function useLabelOptions() {
  const { t } = useTranslation();
  return contactLabels.map((l) => ({ value: l, label: t(`label.${l}`) }));
}

/** Repeatable e-mail addresses, each with a label (work, home…). */
export function EmailFields({ form, onAddressBlur }: { form: Form; onAddressBlur?: () => void }) {
  const { t } = useTranslation('records');
  const labels = useLabelOptions();
  const rows = form.values.emails;
  return (
    <FormSection legend={t('form.emails')} error={form.errors.emails}>
      <Stack gap="xs">
        {rows.map((row, i) => (
          <Group key={row.key} gap="xs" wrap="nowrap" align="flex-start">
            <TextInput
              label={i === 0 ? t('fields.email') : t('form.nth', { label: t('fields.email'), n: i + 1 })}
              type="email"
              autoComplete="off"
              style={{ flex: 1 }}
              {...form.getInputProps(`emails.${i}.address`)}
              onBlur={onAddressBlur}
            />
            <Select
              comboboxProps={{ keepMounted: false }}
              label={t('form.label')}
              aria-label={t('form.labelN', { n: i + 1 })}
              data={labels}
              allowDeselect={false}
              w={140}
              {...form.getInputProps(`emails.${i}.label`)}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={28}
              aria-label={t('form.removeRow', { n: i + 1 })}
              onClick={() => form.removeListItem('emails', i)}
            >
              <IconX size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() =>
            form.insertListItem('emails', {
              key: randomId(),
              address: '',
              label: rows.length ? 'home' : 'work',
            })
          }
        >
          {t('form.addEmail')}
        </Button>
      </Stack>
    </FormSection>
  );
}

/** Repeatable phone numbers, each with a label. */
export function PhoneFields({ form }: { form: Form }) {
  const { t } = useTranslation('records');
  const labels = useLabelOptions();
  const rows = form.values.phones;
  return (
    <FormSection legend={t('form.phones')} error={form.errors.phones}>
      <Stack gap="xs">
        {rows.map((row, i) => (
          <Group key={row.key} gap="xs" wrap="nowrap" align="flex-start">
            <TextInput
              label={i === 0 ? t('fields.phone') : t('form.nth', { label: t('fields.phone'), n: i + 1 })}
              type="tel"
              autoComplete="off"
              style={{ flex: 1 }}
              {...form.getInputProps(`phones.${i}.number`)}
            />
            <Select
              comboboxProps={{ keepMounted: false }}
              label={t('form.label')}
              aria-label={t('form.labelN', { n: i + 1 })}
              data={labels}
              allowDeselect={false}
              w={140}
              {...form.getInputProps(`phones.${i}.label`)}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={28}
              aria-label={t('form.removeRow', { n: i + 1 })}
              onClick={() => form.removeListItem('phones', i)}
            >
              <IconX size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() =>
            form.insertListItem('phones', {
              key: randomId(),
              number: '',
              label: rows.length ? 'mobile' : 'work',
            })
          }
        >
          {t('form.addPhone')}
        </Button>
      </Stack>
    </FormSection>
  );
}
