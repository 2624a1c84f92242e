import { Alert, Anchor, Button, Group, List, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { contactName } from '../../lib/format.ts';
import type { FormProblem } from './use-record-form.ts';

type Props = {
  problem: FormProblem | null;
  busy: boolean;
  onReload: () => void;
  onCreateAnyway: () => void;
  onDismiss: () => void;
};

/** What went wrong with a save, and the way forward: reload on conflict, create anyway on duplicates. */
export function FormProblemAlert({ problem, busy, onReload, onCreateAnyway, onDismiss }: Props) {
  const { t } = useTranslation('records');
  const { t: tc } = useTranslation();
  if (!problem) return null;
  if (problem.kind === 'conflict') {
    return (
      <Alert color="orange" title={t('form.conflictTitle')} role="alert">
        <Stack gap="xs">
          <Text size="sm">{tc('errors.conflict')}</Text>
          <Group>
            <Button size="xs" color="orange" onClick={onReload}>
              {t('form.reload')}
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
  if (problem.kind === 'reloaded') {
    return (
      <Alert
        color="blue"
        withCloseButton
        closeButtonLabel={tc('actions.close')}
        onClose={onDismiss}
        role="status"
      >
        {t('form.reloaded')}
      </Alert>
    );
  }
  if (problem.kind === 'duplicates') {
    return (
      <Alert color="orange" title={t('form.duplicateTitle')} role="alert">
        <Stack gap="xs">
          <Text size="sm">{t('form.duplicateBody')}</Text>
          <List size="sm" spacing={2}>
            {problem.duplicates.map((d) => (
              <List.Item key={d.id}>
                <Anchor component={Link} to={`/contacts/${d.id}`} target="_blank" size="sm">
                  {contactName(d)}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed">
                  {d.emails.map((e) => e.address).join(', ')}
                </Text>
              </List.Item>
            ))}
          </List>
          <Group>
            <Button size="xs" color="orange" loading={busy} onClick={onCreateAnyway}>
              {t('form.createAnyway')}
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color="red" title={problem.message} role="alert">
      {problem.details.length > 0 && (
        <List size="sm" spacing={2}>
          {problem.details.map((d) => (
            <List.Item key={`${d.path}-${d.message}`}>
              <Text span size="sm" ff="monospace">
                {d.path}
              </Text>
              : {d.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
