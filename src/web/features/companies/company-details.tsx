import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CompanyDto } from '../../../shared/companies.ts';
import { DetailsList } from '../records/details-list.tsx';
import { CustomValue, FieldValue } from '../records/field-value.tsx';
import { useCustomFields, useCustomLabel } from '../records/use-custom-fields.ts';

const fields = [
  'domain',
  'website',
  'industry',
  'employees',
  'emails',
  'phones',
  'ownerId',
  'lifecycleStage',
  'relationshipType',
  'relationshipStage',
  'customerSince',
  'tags',
] as const;

/** Every field of a company, standard then custom, formatted for reading. */
export function CompanyDetails({ company }: { company: CompanyDto }) {
  const { t } = useTranslation('records');
  const { defs } = useCustomFields('company');
  const customLabel = useCustomLabel();
  const items = [
    ...fields.map((f) => ({
      key: f,
      label: t(`fields.${f}`),
      value: <FieldValue kind="company" field={f} value={company[f]} />,
    })),
    {
      key: 'addresses',
      label: t('fields.addresses'),
      value: <FieldValue kind="company" field="addresses" value={company.addresses} />,
      wide: true,
    },
    {
      key: 'description',
      label: t('fields.description'),
      value: company.description ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {company.description}
        </Text>
      ) : (
        <FieldValue kind="company" field="description" value={null} />
      ),
      wide: true,
    },
    {
      key: 'createdAt',
      label: t('fields.createdAt'),
      value: <FieldValue kind="company" field="createdAt" value={company.createdAt} />,
    },
    {
      key: 'updatedAt',
      label: t('fields.updatedAt'),
      value: <FieldValue kind="company" field="updatedAt" value={company.updatedAt} />,
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
              value: <CustomValue def={d} value={company.custom[d.key]} />,
              wide: d.type === 'long_text',
            }))}
          />
        </Paper>
      )}
    </Stack>
  );
}
