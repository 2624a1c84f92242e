import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { useErrorMessage } from './use-record-actions.ts';

/** Loading and failure states of a record page (404 reads "does not exist or was deleted"). */
export function RecordState({
  error,
  listPath,
  listLabel,
  onRetry,
}: {
  error: unknown;
  listPath: string;
  listLabel: string;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  if (!error) {
    return (
      <Center py="xl">
        <Loader aria-label={t('states.loading')} />
      </Center>
    );
  }
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Center py="xl">
      <Alert
        color={notFound ? 'gray' : 'red'}
        title={notFound ? t('errors.notFound') : t('states.error')}
        maw={520}
        role="alert"
      >
        <Stack gap="sm" align="flex-start">
          {!notFound && message(error)}
          <Button.Group>
            <Button component={Link} to={listPath} variant="default" size="xs">
              {listLabel}
            </Button>
            {!notFound && (
              <Button size="xs" variant="light" onClick={onRetry}>
                {t('actions.retry')}
              </Button>
            )}
          </Button.Group>
        </Stack>
      </Alert>
    </Center>
  );
}
