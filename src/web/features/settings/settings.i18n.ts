import { defineMessages } from '../../i18n/define.ts';

export const settings = defineMessages({
  en: { title: 'settings' },
  fr: { title: 'settings' },
  de: { title: 'settings' },
  da: { title: 'settings' },
});
