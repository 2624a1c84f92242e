import { defineMessages } from '../../i18n/define.ts';

/** Tasks: lists, the task form, reminders. */
export const tasks = defineMessages({
  en: { nav: 'Tasks' },
  fr: { nav: 'Tâches' },
  de: { nav: 'Aufgaben' },
  da: { nav: 'Opgaver' },
});
