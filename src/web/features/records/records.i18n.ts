import { defineMessages } from '../../i18n/define.ts';

export const records = defineMessages({
  en: { title: 'records' },
  fr: { title: 'records' },
  de: { title: 'records' },
  da: { title: 'records' },
});
