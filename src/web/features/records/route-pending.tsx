import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shown inside the app frame while a page's code loads (pages are split into their own chunks). */
export function RoutePending() {
  const { t } = useTranslation();
  return (
    <Center py={80}>
      <Loader aria-label={t('states.loading')} />
    </Center>
  );
}
