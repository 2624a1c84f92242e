import 'dayjs/locale/da';
import 'dayjs/locale/de';
import 'dayjs/locale/fr';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import { useTranslation } from 'react-i18next';

// Date inputs show and parse the locale's short date ("L": 31.03.2027 in German and Danish).
dayjs.extend(localizedFormat);
dayjs.extend(customParseFormat);

/** The dayjs locale for Mantine date inputs: month and day names in the UI language. */
export function useDateLocale(): string {
  const { i18n } = useTranslation();
  return ['da', 'de', 'fr'].includes(i18n.language) ? i18n.language : 'en';
}
