import '@mantine/dates/styles.css';
import { Select, SimpleGrid, TagsInput, Textarea } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { lifecycleStages, relationshipStages, relationshipTypes } from '../../../shared/crm.ts';
import { useDateLocale } from './date-locale.ts';
import { FormSection } from './form-section.tsx';
import type { RecordFormValues } from './form-values.ts';
import { useUsers } from './use-users.ts';

type Form = UseFormReturnType<RecordFormValues>;

/** Owner select: active users by name; empty means unassigned. */
export function OwnerSelect({ form, label }: { form: Form; label?: string }) {
  const { t } = useTranslation('records');
  const { users } = useUsers();
  const current = form.values.ownerId;
  const data = users
    .filter((u) => u.active || u.id === current)
    .map((u) => ({ value: u.id, label: u.name || u.email }));
  return (
    <Select
      comboboxProps={{ keepMounted: false }}
      label={label ?? t('fields.ownerId')}
      placeholder={t('form.unassigned')}
      data={data}
      searchable
      clearable
      {...form.getInputProps('ownerId')}
    />
  );
}

/** Owner, lifecycle, relationship type and stage, customer since, tags: how the relationship stands. */
export function RelationshipFields({
  form,
  tagSuggestions = [],
  ownerLabel,
}: {
  form: Form;
  tagSuggestions?: string[];
  /** Companies call their owner the account manager. */
  ownerLabel?: string;
}) {
  const { t } = useTranslation('records');
  const { t: tc } = useTranslation();
  const locale = useDateLocale();
  return (
    <FormSection legend={t('form.relationship')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <OwnerSelect form={form} label={ownerLabel} />
        <Select
          comboboxProps={{ keepMounted: false }}
          label={t('fields.lifecycleStage')}
          data={lifecycleStages.map((s) => ({ value: s, label: tc(`lifecycle.${s}`) }))}
          clearable
          {...form.getInputProps('lifecycleStage')}
        />
        <Select
          comboboxProps={{ keepMounted: false }}
          label={t('fields.relationshipType')}
          data={relationshipTypes.map((s) => ({ value: s, label: tc(`relationshipType.${s}`) }))}
          clearable
          {...form.getInputProps('relationshipType')}
        />
        <Select
          comboboxProps={{ keepMounted: false }}
          label={t('fields.relationshipStage')}
          data={relationshipStages.map((s) => ({ value: s, label: tc(`relationshipStage.${s}`) }))}
          clearable
          {...form.getInputProps('relationshipStage')}
        />
        <DateInput
          label={t('fields.customerSince')}
          valueFormat="L"
          locale={locale}
          clearable
          maxDate={new Date()}
          {...form.getInputProps('customerSince')}
        />
        <TagsInput
          comboboxProps={{ keepMounted: false }}
          label={t('fields.tags')}
          description={t('form.tagsHint')}
          data={tagSuggestions}
          clearable
          maxTags={50}
          splitChars={[',']}
          {...form.getInputProps('tags')}
        />
      </SimpleGrid>
    </FormSection>
  );
}

export function DescriptionField({ form }: { form: Form }) {
  const { t } = useTranslation('records');
  return (
    <Textarea
      label={t('fields.description')}
      autosize
      minRows={3}
      maxRows={10}
      maxLength={10_000}
      {...form.getInputProps('description')}
    />
  );
}
