import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, type Role, roles, type UiLanguage } from '../../../shared/common.ts';
import type { TeamDto, UserDto } from '../../../shared/users.ts';
import { useFeedback } from './settings.feedback.ts';
import { useCreateUser, useUpdateUser } from './settings.queries.ts';

/** 16 characters from an alphabet without look-alikes (0/O, 1/l/I): about 93 bits. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(crypto.getRandomValues(new Uint32Array(16)), (n) => alphabet[n % alphabet.length]).join(
    '',
  );
}

type Props = { opened: boolean; user: UserDto | null; teams: TeamDto[]; onClose: () => void };

/** Create a user (user = null) or change one: name, role, language, teams. */
export function UserFormModal({ opened, user, teams, onClose }: Props) {
  const { t } = useTranslation('settings');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={user ? t('users.editTitle', { name: user.name || user.email }) : t('users.createTitle')}
      size="lg"
    >
      <UserForm key={user?.id ?? 'new'} user={user} teams={teams} onDone={onClose} />
    </Modal>
  );
}

function UserForm({ user, teams, onDone }: { user: UserDto | null; teams: TeamDto[]; onDone: () => void }) {
  const { t } = useTranslation('settings');
  const { t: tc } = useTranslation();
  const feedback = useFeedback();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [problem, setProblem] = useState<string | null>(null);
  const [showPassword, setShowPassword] = useState(false);
  const form = useForm({
    initialValues: {
      email: user?.email ?? '',
      name: user?.name ?? '',
      role: (user?.role ?? 'agent') as Role,
      language: ((languages as readonly string[]).includes(user?.language ?? '')
        ? user?.language
        : 'en') as UiLanguage,
      teamIds: user?.teamIds ?? [],
      password: '',
    },
  });

  const submit = form.onSubmit(async ({ email, password, ...rest }) => {
    setProblem(null);
    try {
      if (user) {
        const saved = await update.mutateAsync({ id: user.id, ...rest });
        feedback.success(t('users.updated', { name: saved.name || saved.email }));
      } else {
        const saved = await create.mutateAsync({ email, password, ...rest });
        feedback.success(t('users.created', { email: saved.email }));
      }
      onDone();
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
        {!user && (
          <TextInput
            label={t('users.fields.email')}
            type="email"
            required
            autoComplete="off"
            data-autofocus
            {...form.getInputProps('email')}
          />
        )}
        <TextInput label={t('users.fields.name')} autoComplete="off" {...form.getInputProps('name')} />
        <Group grow align="flex-start">
          <Select
            label={t('users.fields.role')}
            allowDeselect={false}
            data={roles.map((r) => ({ value: r, label: tc(`role.${r}`) }))}
            description={t(`users.roleHelp.${form.values.role}`)}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            {...form.getInputProps('role')}
          />
          <Select
            label={t('users.fields.language')}
            allowDeselect={false}
            data={languages.map((l) => ({ value: l, label: tc(`languages.${l}`) }))}
            {...form.getInputProps('language')}
          />
        </Group>
        <MultiSelect
          label={t('users.fields.teams')}
          data={teams.map((team) => ({ value: team.id, label: team.name }))}
          searchable
          clearable
          nothingFoundMessage={tc('search.nothing')}
          {...form.getInputProps('teamIds')}
        />
        {!user && (
          <Group align="flex-end" wrap="nowrap">
            <PasswordInput
              style={{ flex: 1 }}
              label={t('users.fields.password')}
              description={t('users.fields.passwordHint')}
              required
              autoComplete="new-password"
              visible={showPassword}
              onVisibilityChange={setShowPassword}
              {...form.getInputProps('password')}
            />
            <Button
              variant="default"
              leftSection={<IconKey size={16} />}
              onClick={() => {
                form.setFieldValue('password', generatePassword());
                setShowPassword(true);
              }}
            >
              {t('users.generate')}
            </Button>
          </Group>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            {tc('actions.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {user ? tc('actions.save') : tc('actions.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
