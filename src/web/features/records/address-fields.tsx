import { ActionIcon, Button, Group, Paper, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { randomId } from '@mantine/hooks';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { countryOptions } from '../../lib/countries.ts';
import { useLabelOptions } from './contact-point-fields.tsx';
import { FormSection } from './form-section.tsx';
import type { RecordFormValues } from './form-values.ts';

/** A best guess for a new address's country: the browser's region, else none. */
function defaultCountry(): string | null {
  const region = navigator.language.split('-')[1];
  return region && /^[A-Z]{2}$/.test(region) ? region : null;
}

/** Repeatable postal addresses; countries by name in the UI language, stored as ISO codes. */
export function AddressFields({ form }: { form: UseFormReturnType<RecordFormValues> }) {
  const { t, i18n } = useTranslation('records');
  const labels = useLabelOptions();
  const countries = countryOptions(i18n.language);
  const rows = form.values.addresses;
  const n = (label: string, i: number) => (i === 0 ? label : t('form.nth', { label, n: i + 1 }));
  return (
    <FormSection legend={t('form.addresses')} error={form.errors.addresses}>
      <Stack gap="xs">
        {rows.map((row, i) => (
          <Paper key={row.key} withBorder p="sm" radius="md">
            <Group justify="space-between" mb={4} wrap="nowrap">
              <Select
                comboboxProps={{ keepMounted: false }}
                aria-label={t('form.labelN', { n: i + 1 })}
                data={labels}
                allowDeselect={false}
                w={160}
                size="xs"
                {...form.getInputProps(`addresses.${i}.label`)}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('form.removeRow', { n: i + 1 })}
                onClick={() => form.removeListItem('addresses', i)}
              >
                <IconX size={16} />
              </ActionIcon>
            </Group>
            <Stack gap="xs">
              <TextInput
                label={n(t('fields.street'), i)}
                autoComplete="off"
                {...form.getInputProps(`addresses.${i}.street`)}
              />
              <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
                <TextInput
                  label={n(t('fields.postalCode'), i)}
                  autoComplete="off"
                  {...form.getInputProps(`addresses.${i}.postalCode`)}
                />
                <TextInput
                  label={n(t('fields.city'), i)}
                  autoComplete="off"
                  {...form.getInputProps(`addresses.${i}.city`)}
                />
                <TextInput
                  label={n(t('fields.region'), i)}
                  autoComplete="off"
                  {...form.getInputProps(`addresses.${i}.region`)}
                />
              </SimpleGrid>
              <Select
                comboboxProps={{ keepMounted: false }}
                label={n(t('fields.country'), i)}
                data={countries}
                searchable
                clearable
                required
                {...form.getInputProps(`addresses.${i}.country`)}
              />
            </Stack>
          </Paper>
        ))}
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() =>
            form.insertListItem('addresses', {
              key: randomId(),
              label: 'work',
              street: '',
              postalCode: '',
              city: '',
              region: '',
              country: defaultCountry(),
            })
          }
        >
          {t('form.addAddress')}
        </Button>
      </Stack>
    </FormSection>
  );
}
