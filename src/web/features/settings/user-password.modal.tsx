import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserDto } from '../../../shared/users.ts';
import { useFeedback } from './settings.feedback.ts';
import { useResetPassword } from './settings.queries.ts';
import { generatePassword } from './user-form.modal.tsx';

/** Admin sets a new password: the server unlocks the account and ends the user's sessions. */
export function UserPasswordModal({
  opened,
  user,
  onClose,
}: {
  opened: boolean;
  user: UserDto | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('settings');
  const name = user ? user.name || user.email : '';
  return (
    <Modal opened={opened} onClose={onClose} title={t('users.passwordTitle', { name })}>
      {user && <PasswordForm key={user.id} user={user} name={name} onDone={onClose} />}
    </Modal>
  );
}

function PasswordForm({ user, name, onDone }: { user: UserDto; name: string; onDone: () => void }) {
  const { t } = useTranslation('settings');
  const { t: tc } = useTranslation();
  const feedback = useFeedback();
  const reset = useResetPassword();
  const [problem, setProblem] = useState<string | null>(null);
  const [visible, setVisible] = useState(false);
  const form = useForm({ initialValues: { password: '' } });
  const submit = form.onSubmit(async ({ password }) => {
    setProblem(null);
    try {
      await reset.mutateAsync({ id: user.id, password });
      feedback.success(t('users.passwordReset', { name }));
      onDone();
    } catch (err) {
      setProblem(feedback.applyToForm(form, err));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('users.passwordIntro')}
        </Text>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <Group align="flex-end" wrap="nowrap">
          <PasswordInput
            style={{ flex: 1 }}
            label={t('users.fields.newPassword')}
            description={t('errors.passwordShort')}
            required
            autoComplete="new-password"
            data-autofocus
            visible={visible}
            onVisibilityChange={setVisible}
            {...form.getInputProps('password')}
          />
          <Button
            variant="default"
            leftSection={<IconKey size={16} />}
            onClick={() => {
              form.setFieldValue('password', generatePassword());
              setVisible(true);
            }}
          >
            {t('users.generate')}
          </Button>
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {tc('actions.cancel')}
          </Button>
          <Button type="submit" loading={reset.isPending}>
            {t('users.actions.resetPassword')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
