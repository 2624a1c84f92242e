import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { languages, type UiLanguage } from '../../shared/common.ts';
import { setLanguage } from '../i18n/index.ts';

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      size="xs"
      w={130}
      aria-label={t('user.language')}
      value={i18n.language}
      allowDeselect={false}
      onChange={(v) => v && void setLanguage(v as UiLanguage)}
      data={languages.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
    />
  );
}
