import { Alert, Button, Group, Modal, MultiSelect, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamDto, UserDto } from '../../../shared/users.ts';
import { useFeedback } from './settings.feedback.ts';
import { useSaveTeam } from './settings.queries.ts';

type Props = { opened: boolean; team: TeamDto | null; users: UserDto[]; onClose: () => void };

/** Create a team (team = null) or rename it and change its members. */
export function TeamFormModal({ opened, team, users, onClose }: Props) {
  const { t } = useTranslation('settings');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={team ? t('teams.editTitle', { name: team.name }) : t('teams.createTitle')}
      size="lg"
    >
      <TeamForm key={team?.id ?? 'new'} team={team} users={users} onDone={onClose} />
    </Modal>
  );
}

function TeamForm({ team, users, onDone }: { team: TeamDto | null; users: UserDto[]; onDone: () => void }) {
  const { t } = useTranslation('settings');
  const { t: tc } = useTranslation();
  const feedback = useFeedback();
  const save = useSaveTeam();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: team?.name ?? '', memberIds: team?.memberIds ?? [] } });
  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      const saved = await save.mutateAsync({ id: team?.id, ...values });
      feedback.success(t(team ? 'teams.updated' : 'teams.created', { name: saved.name }));
      onDone();
    } catch (err) {
      setProblem(feedback.applyToForm(form, err));
    }
  });
  // Deactivated users stay selectable only if already members, so the list shows who can actually work.
  const options = users
    .filter((u) => u.active || form.values.memberIds.includes(u.id))
    .map((u) => ({ value: u.id, label: u.name ? `${u.name} (${u.email})` : u.email }));
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <TextInput
          label={t('teams.fields.name')}
          required
          data-autofocus
          autoComplete="off"
          {...form.getInputProps('name')}
        />
        <MultiSelect
          label={t('teams.fields.members')}
          placeholder={t('teams.fields.membersHint')}
          data={options}
          searchable
          clearable
          hidePickedOptions
          nothingFoundMessage={tc('search.nothing')}
          {...form.getInputProps('memberIds')}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            {tc('actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {team ? tc('actions.save') : tc('actions.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
