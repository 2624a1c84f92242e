import { Button, Tooltip } from '@mantine/core';
import { IconFileExport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** "Export personal data (GDPR)" on a contact: downloads the subject export zip (managers and admins). */
export function SubjectExportButton({ contactId, name }: { contactId: string; name: string }) {
  const { t } = useTranslation('backup');
  return (
    <Tooltip label={t('gdprExportHint', { name })} multiline w={280} withArrow>
      <Button
        component="a"
        href={`/api/v1/contacts/${encodeURIComponent(contactId)}/export`}
        download
        variant="default"
        leftSection={<IconFileExport size={16} />}
      >
        {t('gdprExport')}
      </Button>
    </Tooltip>
  );
}
