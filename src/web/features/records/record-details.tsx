import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DetailsList } from './details-list.tsx';
import { CustomValue, FieldValue } from './field-value.tsx';
import type { EntityKind } from './record-types.ts';
import { useCustomFields, useCustomLabel } from './use-custom-fields.ts';

type DetailRecord = {
  addresses: unknown;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  custom: Record<string, unknown>;
};

/** Every field of a contact or company, standard then custom, formatted for reading. */
export function RecordDetails<R extends DetailRecord>({
  kind,
  record,
  fields,
}: {
  kind: EntityKind;
  record: R;
  fields: readonly (keyof R & string)[];
}) {
  const { t } = useTranslation('records');
  const { defs } = useCustomFields(kind);
  const customLabel = useCustomLabel();
  const field = (f: string, value: unknown) => <FieldValue kind={kind} field={f} value={value} />;
  const items = [
    ...fields.map((f) => ({ key: f, label: t(`fields.${f}`), value: field(f, record[f]) })),
    {
      key: 'addresses',
      label: t('fields.addresses'),
      value: field('addresses', record.addresses),
      wide: true,
    },
    {
      key: 'description',
      label: t('fields.description'),
      value: record.description ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {record.description}
        </Text>
      ) : (
        field('description', null)
      ),
      wide: true,
    },
    { key: 'createdAt', label: t('fields.createdAt'), value: field('createdAt', record.createdAt) },
    { key: 'updatedAt', label: t('fields.updatedAt'), value: field('updatedAt', record.updatedAt) },
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
              value: <CustomValue def={d} value={record.custom[d.key]} />,
              wide: d.type === 'long_text',
            }))}
          />
        </Paper>
      )}
    </Stack>
  );
}
