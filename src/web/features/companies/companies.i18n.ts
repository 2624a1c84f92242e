import { defineMessages } from '../../i18n/define.ts';

export const companies = defineMessages({
  en: { title: 'companies' },
  fr: { title: 'companies' },
  de: { title: 'companies' },
  da: { title: 'companies' },
});
