import { Checkbox, Group, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportDto, ReaderSettings } from '../../../shared/imports.ts';

const delimiters = [
  { value: ',', key: 'comma' },
  { value: ';', key: 'semicolon' },
  { value: '\t', key: 'tab' },
  { value: '|', key: 'pipe' },
] as const;

/** Encodings people meet in exports: UTF-8, Excel on Windows and old Macs, UTF-16 from Outlook. */
const encodings = ['utf-8', 'windows-1252', 'iso-8859-1', 'iso-8859-15', 'macintosh', 'utf-16le', 'utf-16be'];

type Props = { dto: ImportDto; busy: boolean; onChange: (reader: ReaderSettings) => void };

/** How the file is read: delimiter, encoding and header row of a text file, the sheet of a workbook. */
export function ReaderSettingsBar({ dto, busy, onChange }: Props) {
  const { t } = useTranslation('imports');
  const r = dto.reader;
  const set = (patch: ReaderSettings) => onChange({ ...r, ...patch });
  const encoding = r.encoding?.toLowerCase();
  if (dto.format !== 'csv' && dto.format !== 'xlsx') return null;
  return (
    <Group gap="md" align="flex-end" wrap="wrap">
      {dto.format === 'csv' && (
        <>
          <Select
            label={t('map.delimiter')}
            data={delimiters.map((d) => ({ value: d.value, label: t(`map.delimiters.${d.key}`) }))}
            value={r.delimiter ?? null}
            onChange={(v) => v && set({ delimiter: v as ReaderSettings['delimiter'] })}
            allowDeselect={false}
            disabled={busy}
            w={170}
            comboboxProps={{ keepMounted: false }}
          />
          <Select
            label={t('map.encoding')}
            data={[...new Set([...(encoding ? [encoding] : []), ...encodings])]}
            value={encoding ?? null}
            onChange={(v) => v && set({ encoding: v })}
            allowDeselect={false}
            searchable
            disabled={busy}
            w={170}
            comboboxProps={{ keepMounted: false }}
          />
        </>
      )}
      {dto.format === 'xlsx' && dto.sheets.length > 0 && (
        <Select
          label={t('map.sheet')}
          data={dto.sheets}
          value={r.sheet ?? dto.sheets[0] ?? null}
          onChange={(v) => v && set({ sheet: v })}
          allowDeselect={false}
          disabled={busy}
          w={220}
          comboboxProps={{ keepMounted: false }}
        />
      )}
      <Checkbox
        label={t('map.hasHeader')}
        checked={r.hasHeader ?? true}
        onChange={(e) => set({ hasHeader: e.currentTarget.checked })}
        disabled={busy}
        mb={8}
      />
    </Group>
  );
}
