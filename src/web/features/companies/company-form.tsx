import { Center, Loader, Modal, NumberInput, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CompanyDto } from '../../../shared/companies.ts';
import type { CustomFieldDto } from '../../../shared/custom-fields.ts';
import { useSession } from '../../lib/session.ts';
import { AddressFields } from '../records/address-fields.tsx';
import { EmailFields, PhoneFields } from '../records/contact-point-fields.tsx';
import { DescriptionField, RelationshipFields } from '../records/crm-fields.tsx';
import { CustomFieldInputs } from '../records/custom-field-inputs.tsx';
import { FormProblemAlert } from '../records/form-problem.tsx';
import { RecordFormModal } from '../records/record-form-modal.tsx';
import { useCustomFields } from '../records/use-custom-fields.ts';
import { useRecordForm } from '../records/use-record-form.ts';
import { validateShared } from '../records/validate-record.ts';
import { companyPayload, companyScalars, companyToForm, domainOf } from './company-form-values.ts';

type Props = {
  opened: boolean;
  onClose: () => void;
  company?: CompanyDto | null;
  onSaved?: (c: CompanyDto, created: boolean) => void;
};

/** Create or edit a company in a modal; mounts fresh each time it opens. */
export function CompanyFormModal(p: Props) {
  const { t } = useTranslation('companies');
  const { defs, isPending } = useCustomFields('company');
  if (!p.opened) return null;
  if (isPending) {
    return (
      <Modal opened onClose={p.onClose} title={p.company ? t('edit') : t('new')}>
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      </Modal>
    );
  }
  return <CompanyForm {...p} defs={defs} />;
}

function CompanyForm({ onClose, company = null, onSaved, defs }: Props & { defs: CustomFieldDto[] }) {
  const { t } = useTranslation('companies');
  const { t: tr } = useTranslation('records');
  const me = useSession().data?.user;
  const msg = {
    required: tr('validation.required'),
    email: tr('validation.email'),
    phone: tr('validation.phone'),
    country: tr('validation.country'),
  };
  const f = useRecordForm<CompanyDto>({
    kind: 'company',
    record: company,
    defs,
    toForm: (c) => companyToForm(c, defs, c ? {} : { ownerId: me?.id ?? null }),
    toPayload: (v) => companyPayload(v, defs),
    scalars: companyScalars,
    validate: (v, creating, changed) => {
      const errors = validateShared(v, defs, creating, changed, msg);
      if (!v.name.trim()) errors.name = tr('validation.required');
      return errors;
    },
    onSaved: (c, created) => {
      onClose();
      onSaved?.(c, created);
    },
  });
  const { form } = f;
  return (
    <RecordFormModal
      opened
      title={company ? t('editNamed', { name: company.name }) : t('new')}
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
          label={tr('fields.name')}
          required
          autoComplete="off"
          data-autofocus
          {...form.getInputProps('name')}
        />
        <TextInput
          label={tr('fields.website')}
          placeholder="https://"
          autoComplete="off"
          {...form.getInputProps('website')}
          onBlur={() => {
            if (!form.values.domain && form.values.website)
              form.setFieldValue('domain', domainOf(form.values.website));
          }}
        />
        <TextInput
          label={tr('fields.domain')}
          placeholder="example.com"
          autoComplete="off"
          {...form.getInputProps('domain')}
        />
        <TextInput label={tr('fields.industry')} autoComplete="off" {...form.getInputProps('industry')} />
        <TextInput label={tr('fields.vatId')} autoComplete="off" {...form.getInputProps('vatId')} />
        <TextInput
          label={tr('fields.customerGroup')}
          description={tr('customerGroupHint')}
          autoComplete="off"
          {...form.getInputProps('customerGroup')}
        />
        <NumberInput
          label={tr('fields.employees')}
          min={0}
          max={10_000_000}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps('employees')}
        />
      </SimpleGrid>
      <EmailFields form={form} />
      <PhoneFields form={form} />
      <AddressFields form={form} />
      <RelationshipFields form={form} ownerLabel={tr('fields.accountManager')} />
      <CustomFieldInputs form={form} defs={defs} />
      <DescriptionField form={form} />
    </RecordFormModal>
  );
}
