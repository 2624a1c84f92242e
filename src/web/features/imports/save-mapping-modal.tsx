import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnMappingInput, ImportEntity } from '../../../shared/imports.ts';
import { ApiError } from '../../lib/api.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { useSaveMapping } from './use-imports.ts';

type Props = { opened: boolean; entity: ImportEntity; mapping: ColumnMappingInput; onClose: () => void };

/** "Save mapping as…": a name, offered in the saved mapping picker of later imports. */
export function SaveMappingModal({ opened, entity, mapping, onClose }: Props) {
  const { t } = useTranslation('imports');
  const { t: tc } = useTranslation();
  const message = useErrorMessage();
  const save = useSaveMapping();
  const [name, setName] = useState('');
  const error =
    save.error instanceof ApiError
      ? (save.error.fieldErrors().name ?? message(save.error))
      : save.error
        ? message(save.error)
        : null;
  const close = () => {
    save.reset();
    setName('');
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('map.saveTitle')} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save.mutate({ name: name.trim(), entity, mapping }, { onSuccess: close });
        }}
      >
        <Stack>
          <TextInput
            label={t('map.saveName')}
            description={t('map.saveNameHint')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error}
            maxLength={100}
            required
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              {tc('actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
