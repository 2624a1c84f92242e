import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContactDto } from '../../../shared/contacts.ts';
import { DetailsList } from '../records/details-list.tsx';
import { CustomValue, FieldValue } from '../records/field-value.tsx';
import { useCustomFields, useCustomLabel } from '../records/use-custom-fields.ts';

const fields = [
  'emails',
  'phones',
  'companyId',
  'jobTitle',
  'ownerId',
  'lifecycleStage',
  'relationshipType',
  'relationshipStage',
  'customerSince',
  'birthday',
  'language',
  'preferredChannel',
  'source',
  'tags',
] as const;

/** Every field of a contact, standard then custom, formatted for reading. */
export function ContactDetails({ contact }: { contact: ContactDto }) {
  const { t } = useTranslation('records');
  const { defs } = useCustomFields('contact');
  const customLabel = useCustomLabel();
  const items = [
    ...fields.map((f) => ({
      key: f,
      label: t(`fields.${f}`),
      value: <FieldValue kind="contact" field={f} value={contact[f]} />,
    })),
    {
      key: 'addresses',
      label: t('fields.addresses'),
      value: <FieldValue kind="contact" field="addresses" value={contact.addresses} />,
      wide: true,
    },
    {
      key: 'description',
      label: t('fields.description'),
      value: contact.description ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {contact.description}
        </Text>
      ) : (
        <FieldValue kind="contact" field="description" value={null} />
      ),
      wide: true,
    },
    {
      key: 'createdAt',
      label: t('fields.createdAt'),
      value: <FieldValue kind="contact" field="createdAt" value={contact.createdAt} />,
    },
    {
      key: 'updatedAt',
      label: t('fields.updatedAt'),
      value: <FieldValue kind="contact" field="updatedAt" value={contact.updatedAt} />,
    },
  ];
  return (
    <Stack>
      <Paper withBorder p="lg" radius="md">
        <Title order={2} size="h4" mb="md">
          {t('record.details')}
        </Title>
        <DetailsList items={items} />
      </Paper>
      {defs.length > 0 && (
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="md">
            {t('form.customFields')}
          </Title>
          <DetailsList
            items={defs.map((d) => ({
              key: d.key,
              label: customLabel(d),
              value: <CustomValue def={d} value={contact.custom[d.key]} />,
              wide: d.type === 'long_text',
            }))}
          />
        </Paper>
      )}
    </Stack>
  );
}
