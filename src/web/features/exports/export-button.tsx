import { Button } from '@mantine/core';
import { IconFileExport } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportModal, type ExportModalProps } from './export-modal.tsx';

/** "Export" on a list page: opens the export dialog for what the list shows now. */
export function ExportButton(p: Omit<ExportModalProps, 'opened' | 'onClose'>) {
  const { t } = useTranslation('exports');
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconFileExport size={16} />}
        onClick={() => setOpen(true)}
        title={t('buttonHint')}
      >
        {t('button')}
      </Button>
      {open && <ExportModal {...p} opened={open} onClose={() => setOpen(false)} />}
    </>
  );
}
