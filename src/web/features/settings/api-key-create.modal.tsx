import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFeedback } from './settings.feedback.ts';
import { useCreateApiKey } from './settings.queries.ts';

/** Asks for a name, creates the key, then hands over to the "shown once" view. */
export function ApiKeyCreateModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (key: { name: string; key: string }) => void;
}) {
  const { t } = useTranslation('settings');
  return (
    <Modal opened={opened} onClose={onClose} title={t('apiKeys.createTitle')}>
      <CreateForm onCancel={onClose} onCreated={onCreated} />
    </Modal>
  );
}

function CreateForm({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (key: { name: string; key: string }) => void;
}) {
  const { t } = useTranslation('settings');
  const { t: tc } = useTranslation();
  const feedback = useFeedback();
  const create = useCreateApiKey();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: '' } });
  const submit = form.onSubmit(async ({ name }) => {
    setProblem(null);
    try {
      const created = await create.mutateAsync(name);
      feedback.success(t('apiKeys.created', { name: created.name }));
      onCreated(created);
    } catch (err) {
      setProblem(feedback.applyToForm(form, err));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <TextInput
          label={t('apiKeys.fields.name')}
          description={t('apiKeys.fields.nameHint')}
          required
          data-autofocus
          autoComplete="off"
          {...form.getInputProps('name')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {tc('actions.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {tc('actions.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The only time the plain key exists outside the caller's hands. Closing by accident would lose it, so only
 * the explicit button closes (no click-outside, no Escape).
 */
type CreatedProps = {
  opened: boolean;
  created: { name: string; key: string } | null;
  onClose: () => void;
  onClosed: () => void;
};

export function ApiKeyCreatedModal({ opened, created, onClose, onClosed }: CreatedProps) {
  const { t } = useTranslation('settings');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      onExitTransitionEnd={onClosed}
      title={t('apiKeys.createdTitle')}
      closeOnClickOutside={false}
      closeOnEscape={false}
      withCloseButton={false}
      size="lg"
    >
      {created && (
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />} role="alert">
            {t('apiKeys.createdWarning')}
          </Alert>
          <Text size="sm" fw={500} id="created-api-key-label">
            {t('apiKeys.key')} — {created.name}
          </Text>
          <Group wrap="nowrap" gap="xs" align="stretch">
            <Code
              block
              aria-labelledby="created-api-key-label"
              style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
              data-testid="created-api-key"
            >
              {created.key}
            </Code>
            <CopyButton value={created.key}>
              {({ copied, copy }) => (
                <Button
                  variant={copied ? 'filled' : 'light'}
                  color={copied ? 'teal' : undefined}
                  onClick={copy}
                  leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  h="auto"
                >
                  {copied ? t('apiKeys.copied') : t('apiKeys.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              {t('apiKeys.done')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
