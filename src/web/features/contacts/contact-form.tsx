import '@mantine/dates/styles.css';
import { Alert, Anchor, Center, Loader, Modal, Select, SimpleGrid, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactDto } from '../../../shared/contacts.ts';
import { channels } from '../../../shared/crm.ts';
import type { CustomFieldDto } from '../../../shared/custom-fields.ts';
import { contactName } from '../../lib/format.ts';
import { languageOptions } from '../../lib/languages.ts';
import { useSession } from '../../lib/session.ts';
import { AddressFields } from '../records/address-fields.tsx';
import { CompanyPicker } from '../records/company-picker.tsx';
import { EmailFields, PhoneFields } from '../records/contact-point-fields.tsx';
import { DescriptionField, RelationshipFields } from '../records/crm-fields.tsx';
import { CustomFieldInputs } from '../records/custom-field-inputs.tsx';
import { useDateLocale } from '../records/date-locale.ts';
import { FormProblemAlert } from '../records/form-problem.tsx';
import { FormSection } from '../records/form-section.tsx';
import type { RecordFormValues } from '../records/form-values.ts';
import { RecordFormModal } from '../records/record-form-modal.tsx';
import { useCustomFields } from '../records/use-custom-fields.ts';
import { useRecordForm } from '../records/use-record-form.ts';
import { validateShared } from '../records/validate-record.ts';
import { contactPayload, contactScalars, contactToForm, withBlankRows } from './contact-form-values.ts';
import { useDuplicateCheck } from './use-duplicate-check.ts';

type Props = {
  opened: boolean;
  onClose: () => void;
  contact?: ContactDto | null;
  /** Values for a new contact, e.g. the company when adding from a company page. */
  preset?: Partial<RecordFormValues>;
  presetCompanyName?: string | null;
  onSaved?: (c: ContactDto, created: boolean) => void;
};

/** Create or edit a contact in a modal; mounts fresh each time it opens. */
export function ContactFormModal(p: Props) {
  const { t } = useTranslation('contacts');
  const { defs, isPending } = useCustomFields('contact');
  if (!p.opened) return null;
  if (isPending) {
    return (
      <Modal opened onClose={p.onClose} title={p.contact ? t('edit') : t('new')}>
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      </Modal>
    );
  }
  return <ContactForm {...p} defs={defs} />;
}

function ContactForm({
  onClose,
  contact = null,
  preset,
  presetCompanyName,
  onSaved,
  defs,
}: Props & { defs: CustomFieldDto[] }) {
  const { t } = useTranslation('contacts');
  const { t: tr } = useTranslation('records');
  const { t: tc } = useTranslation();
  const { i18n } = useTranslation();
  const me = useSession().data?.user;
  const locale = useDateLocale();
  const [companyName, setCompanyName] = useState<string | null>(
    contact?.companyName ?? presetCompanyName ?? null,
  );
  const msg = {
    required: tr('validation.required'),
    email: tr('validation.email'),
    phone: tr('validation.phone'),
    country: tr('validation.country'),
  };
  const f = useRecordForm<ContactDto>({
    kind: 'contact',
    record: contact,
    defs,
    toForm: (c) => contactToForm(c, defs, c ? {} : { ownerId: me?.id ?? null, ...preset }),
    toPayload: (v) => contactPayload(v, defs),
    normalize: withBlankRows,
    scalars: contactScalars,
    validate: (v, creating, changed) => {
      const errors = validateShared(v, defs, creating, changed, msg);
      if (!v.firstName.trim() && !v.lastName.trim() && !v.emails.length)
        errors.lastName = tr('validation.nameOrEmail');
      return errors;
    },
    onSaved: (c, created) => {
      onClose();
      onSaved?.(c, created);
    },
  });
  const { form } = f;
  const duplicates = useDuplicateCheck(
    form.values.emails.map((e) => e.address),
    contact?.id,
  );

  return (
    <RecordFormModal
      opened
      title={contact ? t('editNamed', { name: contactName(contact) }) : t('new')}
      busy={f.busy}
      onClose={onClose}
      onSubmit={f.submit}
      top={
        <FormProblemAlert
          problem={f.problem}
          busy={f.busy}
          onReload={f.reload}
          onCreateAnyway={f.createAnyway}
          onDismiss={f.dismissProblem}
        />
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={tr('fields.firstName')}
          autoComplete="off"
          data-autofocus
          {...form.getInputProps('firstName')}
        />
        <TextInput label={tr('fields.lastName')} autoComplete="off" {...form.getInputProps('lastName')} />
        <CompanyPicker
          label={tr('fields.companyId')}
          value={form.values.companyId}
          initialName={companyName}
          error={form.errors.companyId}
          onChange={(id, name) => {
            form.setFieldValue('companyId', id);
            setCompanyName(name);
          }}
        />
        <TextInput label={tr('fields.jobTitle')} autoComplete="off" {...form.getInputProps('jobTitle')} />
      </SimpleGrid>
      <EmailFields form={form} />
      {duplicates.length > 0 && f.problem?.kind !== 'duplicates' && (
        <Alert color="yellow" title={t('duplicateWarning')} role="status" py="xs">
          {duplicates.map((d, i) => (
            <span key={d.id}>
              {i > 0 && ', '}
              <Anchor component={Link} to={`/contacts/${d.id}`} target="_blank" size="sm">
                {contactName(d)}
              </Anchor>
            </span>
          ))}
        </Alert>
      )}
      <PhoneFields form={form} />
      <AddressFields form={form} />
      <RelationshipFields form={form} />
      <FormSection legend={t('personal')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DateInput
            label={tr('fields.birthday')}
            valueFormat="L"
            locale={locale}
            clearable
            maxDate={new Date()}
            defaultLevel="decade"
            {...form.getInputProps('birthday')}
          />
          <Select
            comboboxProps={{ keepMounted: false }}
            label={tr('fields.language')}
            data={languageOptions(i18n.language, form.values.language)}
            searchable
            clearable
            {...form.getInputProps('language')}
          />
          <Select
            comboboxProps={{ keepMounted: false }}
            label={tr('fields.preferredChannel')}
            data={channels.map((c) => ({ value: c, label: tc(`channel.${c}`) }))}
            clearable
            {...form.getInputProps('preferredChannel')}
          />
          <TextInput
            label={tr('fields.source')}
            description={t('sourceHint')}
            autoComplete="off"
            {...form.getInputProps('source')}
          />
          <TextInput
            label={tr('fields.customerGroup')}
            description={tr('customerGroupHint')}
            autoComplete="off"
            {...form.getInputProps('customerGroup')}
          />
        </SimpleGrid>
      </FormSection>
      <CustomFieldInputs form={form} defs={defs} />
      <DescriptionField form={form} />
    </RecordFormModal>
  );
}
