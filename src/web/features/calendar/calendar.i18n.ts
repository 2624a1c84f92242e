import { defineMessages } from '../../i18n/define.ts';

/** The calendar: day, week and month views, the event form, the ICS feed. */
export const calendar = defineMessages({
  en: { nav: 'Calendar' },
  fr: { nav: 'Calendrier' },
  de: { nav: 'Kalender' },
  da: { nav: 'Kalender' },
});
