import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/** The browser tab reads "<page> · Rapport" (history and bookmarks then say where they lead). */
export function usePageTitle(page: string | null | undefined) {
  const { t } = useTranslation();
  useDocumentTitle(page ? `${page} · ${t('appName')}` : t('appName'));
}
