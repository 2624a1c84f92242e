import { Button, Menu } from '@mantine/core';
import { IconAddressBook, IconChevronDown, IconDownload, IconFileTypeDocx } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** "Download" on a contact or company page: the vCard (contacts) and the fact sheet as a Word file. */
export function RecordDownloads({ kind, id }: { kind: 'contact' | 'company'; id: string }) {
  const { t, i18n } = useTranslation('exports');
  const base = `/api/v1/${kind === 'contact' ? 'contacts' : 'companies'}/${encodeURIComponent(id)}`;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          rightSection={<IconChevronDown size={14} />}
        >
          {t('record.menu')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {kind === 'contact' && (
          <Menu.Item
            component="a"
            href={`${base}/vcard`}
            download
            leftSection={<IconAddressBook size={16} />}
          >
            {t('record.vcard')}
          </Menu.Item>
        )}
        <Menu.Item
          component="a"
          href={`${base}/fact-sheet.docx?language=${i18n.language}`}
          download
          leftSection={<IconFileTypeDocx size={16} />}
        >
          {t('record.factSheet')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
