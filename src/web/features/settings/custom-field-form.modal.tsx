import {
  Alert,
  Button,
  Checkbox,
  Divider,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LocalizedLabels, languages } from '../../../shared/common.ts';
import {
  type CustomFieldDto,
  type CustomFieldEntity,
  type CustomFieldType,
  customFieldTypes,
  labelOf,
} from '../../../shared/custom-fields.ts';
import { CustomFieldOptionsInput, emptyLabels, newOption } from './custom-field-options.input.tsx';
import { useFeedback } from './settings.feedback.ts';
import { useSaveCustomField } from './settings.queries.ts';

// Hints under the inputs, so inputs side by side line up whatever the hint length.
const below: ('label' | 'input' | 'description' | 'error')[] = ['label', 'input', 'description', 'error'];
const withOptions = (type: CustomFieldType) => type === 'select' || type === 'multi_select';
const neverUnique: CustomFieldType[] = ['boolean', 'multi_select', 'long_text'];

type Labels = { en: string; fr: string; de: string; da: string };
export type CustomFieldValues = {
  key: string;
  type: CustomFieldType;
  labels: Labels;
  options: { id: string; value: string; labels: Labels; saved: boolean }[];
  required: boolean;
  unique: boolean;
  position: number | string;
};

/** Empty translations are left out: the API then falls back to English. */
function cleanLabels(l: Labels): LocalizedLabels {
  const out: LocalizedLabels = { en: l.en.trim() };
  for (const lng of ['fr', 'de', 'da'] as const) if (l[lng].trim()) out[lng] = l[lng].trim();
  return out;
}

/** "Customer number" → "customer_number": a key suggestion while the key has not been typed by hand. */
export function keyFromLabel(label: string): string {
  const slug = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '');
  return slug.slice(0, 50).replace(/_+$/, '');
}

type Props = {
  opened: boolean;
  entity: CustomFieldEntity;
  field: CustomFieldDto | null;
  nextPosition: number;
  onClose: () => void;
};

export function CustomFieldFormModal({ opened, entity, field, nextPosition, onClose }: Props) {
  const { t, i18n } = useTranslation('settings');
  const title = field
    ? t('customFields.editTitle', { label: labelOf(field.labels, i18n.language) })
    : t('customFields.createTitle', { entity: t(`customFields.entityOne.${entity}`) });
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="xl">
      <CustomFieldForm
        key={field?.id ?? `new-${entity}`}
        entity={entity}
        field={field}
        nextPosition={nextPosition}
        onDone={onClose}
      />
    </Modal>
  );
}

function CustomFieldForm({
  entity,
  field,
  nextPosition,
  onDone,
}: {
  entity: CustomFieldEntity;
  field: CustomFieldDto | null;
  nextPosition: number;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation('settings');
  const { t: tc } = useTranslation();
  const feedback = useFeedback();
  const save = useSaveCustomField();
  const [problem, setProblem] = useState<string | null>(null);
  const [keyTouched, setKeyTouched] = useState(Boolean(field));
  const form = useForm<CustomFieldValues>({
    initialValues: {
      key: field?.key ?? '',
      type: field?.type ?? 'text',
      labels: { ...emptyLabels(), ...field?.labels },
      options:
        field?.options.map((o, i) => ({
          id: `${i}-${o.value}`,
          saved: true,
          value: o.value,
          labels: { ...emptyLabels(), ...o.labels },
        })) ?? [],
      required: field?.required ?? false,
      unique: field?.unique ?? false,
      position: field?.position ?? nextPosition,
    },
  });
  const { type } = form.values;

  const submit = form.onSubmit(async (v) => {
    setProblem(null);
    const options = withOptions(v.type)
      ? v.options.map((o) => ({ value: o.value.trim(), labels: cleanLabels(o.labels) }))
      : [];
    const common = {
      labels: cleanLabels(v.labels),
      required: v.required,
      unique: v.unique,
      position: Number(v.position) || 0,
    };
    try {
      const saved = field
        ? await save.mutateAsync({
            id: field.id,
            patch: { ...common, ...(withOptions(field.type) ? { options } : {}) },
          })
        : await save.mutateAsync({ create: { entity, key: v.key.trim(), type: v.type, options, ...common } });
      feedback.success(
        t(field ? 'customFields.updated' : 'customFields.created', {
          label: labelOf(saved.labels, i18n.language),
        }),
      );
      onDone();
    } catch (err) {
      setProblem(feedback.applyToForm(form, err));
    }
  });

  const typeData = customFieldTypes.map((ty) => ({ value: ty, label: t(`customFields.types.${ty}`) }));
  const setType = (next: CustomFieldType) => {
    form.setFieldValue('type', next);
    if (neverUnique.includes(next)) form.setFieldValue('unique', false);
    if (withOptions(next) && form.values.options.length === 0) form.setFieldValue('options', [newOption()]);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        {field && (
          <Text size="sm" c="dimmed">
            {t('customFields.fixed', { key: field.key, type: t(`customFields.types.${field.type}`) })}
          </Text>
        )}
        <div>
          <Text fw={500} size="sm">
            {t('customFields.fields.labels')}
          </Text>
          <Text size="xs" c="dimmed" mb={4}>
            {t('customFields.fields.translationsHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
            {languages.map((l) => (
              <TextInput
                key={l}
                label={t('customFields.fields.labelIn', { language: tc(`languages.${l}`) })}
                required={l === 'en'}
                data-autofocus={l === 'en' ? true : undefined}
                autoComplete="off"
                {...form.getInputProps(`labels.${l}`)}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  form.setFieldValue(`labels.${l}`, value);
                  if (l === 'en' && !keyTouched) form.setFieldValue('key', keyFromLabel(value));
                }}
              />
            ))}
          </SimpleGrid>
        </div>
        {!field && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('customFields.fields.type')}
              description={t('customFields.fields.typeHint')}
              inputWrapperOrder={below}
              data={typeData}
              allowDeselect={false}
              required
              {...form.getInputProps('type')}
              onChange={(v) => v && setType(v as CustomFieldType)}
            />
            <TextInput
              label={t('customFields.fields.key')}
              description={t('customFields.fields.keyHint')}
              inputWrapperOrder={below}
              required
              autoComplete="off"
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              {...form.getInputProps('key')}
              onChange={(e) => {
                setKeyTouched(true);
                form.setFieldValue('key', e.currentTarget.value);
              }}
            />
          </SimpleGrid>
        )}
        {withOptions(type) && (
          <>
            <Divider />
            <CustomFieldOptionsInput form={form} />
          </>
        )}
        <Divider />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Checkbox
            label={t('customFields.fields.required')}
            description={t('customFields.fields.requiredHint')}
            {...form.getInputProps('required', { type: 'checkbox' })}
          />
          <Checkbox
            label={t('customFields.fields.unique')}
            description={
              neverUnique.includes(type)
                ? t('customFields.fields.uniqueNotAllowed')
                : t('customFields.fields.uniqueHint')
            }
            disabled={neverUnique.includes(type)}
            {...form.getInputProps('unique', { type: 'checkbox' })}
          />
          <NumberInput
            label={t('customFields.fields.position')}
            description={t('customFields.fields.positionHint')}
            min={0}
            max={1000}
            allowDecimal={false}
            {...form.getInputProps('position')}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            {tc('actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {field ? tc('actions.save') : tc('actions.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
