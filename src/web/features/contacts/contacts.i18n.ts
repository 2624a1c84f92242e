import { defineMessages } from '../../i18n/define.ts';

export const contacts = defineMessages({
  en: { title: 'contacts' },
  fr: { title: 'contacts' },
  de: { title: 'contacts' },
  da: { title: 'contacts' },
});
