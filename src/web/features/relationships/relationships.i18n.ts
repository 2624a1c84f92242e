import { defineMessages } from '../../i18n/define.ts';

/** Relationship management: stage suggestions, stay-in-touch cadence and the overdue list. */
export const relationships = defineMessages({
  en: { nav: 'Stay in touch' },
  fr: { nav: 'Garder le contact' },
  de: { nav: 'In Kontakt bleiben' },
  da: { nav: 'Hold kontakten' },
});
