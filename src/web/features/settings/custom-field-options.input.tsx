import { ActionIcon, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { randomId } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { languages } from '../../../shared/common.ts';
import type { CustomFieldValues } from './custom-field-form.modal.tsx';

export const emptyLabels = () => ({ en: '', fr: '', de: '', da: '' });
export const newOption = () => ({ id: randomId(), value: '', labels: emptyLabels(), saved: false });

/** The choices of a select field: a stored value and a label per language, one row each. */
export function CustomFieldOptionsInput({ form }: { form: UseFormReturnType<CustomFieldValues> }) {
  const { t } = useTranslation('settings');
  const { t: tc } = useTranslation();
  const options = form.values.options;
  const rootError = form.errors.options;
  return (
    <Stack gap="xs">
      <div>
        <Text fw={500} size="sm">
          {t('customFields.options.title')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('customFields.options.intro')}
          {options.some((o) => o.saved) && ` ${t('customFields.options.valueFixed')}`}
        </Text>
      </div>
      {options.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('customFields.options.none')}
        </Text>
      )}
      {options.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table withRowBorders={false} verticalSpacing={4} horizontalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th fz="xs">{t('customFields.options.valuePlaceholder')}</Table.Th>
                {languages.map((l) => (
                  <Table.Th key={l} fz="xs">
                    {tc(`languages.${l}`)}
                  </Table.Th>
                ))}
                <Table.Th w={36} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {options.map((o, i) => {
                const n = i + 1;
                return (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={t('customFields.options.value', { n })}
                        {...form.getInputProps(`options.${i}.value`)}
                        readOnly={o.saved}
                        variant={o.saved ? 'filled' : 'default'}
                      />
                    </Table.Td>
                    {languages.map((l) => (
                      <Table.Td key={l}>
                        <TextInput
                          size="xs"
                          aria-label={t('customFields.options.label', { n, language: tc(`languages.${l}`) })}
                          {...form.getInputProps(`options.${i}.labels.${l}`)}
                          onBlur={() => {
                            // A value is often the English label: fill it in when still empty.
                            if (l === 'en' && !form.values.options[i]?.value && o.labels.en)
                              form.setFieldValue(`options.${i}.value`, o.labels.en.trim());
                          }}
                        />
                      </Table.Td>
                    ))}
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('customFields.options.remove', { n })}
                        onClick={() => form.removeListItem('options', i)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {rootError && (
        <Text size="xs" c="red" role="alert">
          {rootError}
        </Text>
      )}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem('options', newOption())}
        >
          {t('customFields.options.add')}
        </Button>
      </Group>
    </Stack>
  );
}
