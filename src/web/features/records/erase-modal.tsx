import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

type Props = {
  opened: boolean;
  name: string;
  busy: boolean;
  onClose: () => void;
  onErase: (reason: string) => void;
};

/** Erasing for good (GDPR) cannot be undone and is audited with a reason. */
export function EraseModal({ opened, name, busy, onClose, onErase }: Props) {
  const { t } = useTranslation('records');
  const { t: tc } = useTranslation();
  const [reason, setReason] = useState('');
  const ok = reason.trim().length >= 3;
  return (
    <Modal opened={opened} onClose={onClose} title={t('erase.title', { name })} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) onErase(reason.trim());
        }}
      >
        <Stack>
          <Alert color="red" icon={<IconAlertTriangle />}>
            {t('erase.warning')}
          </Alert>
          <Textarea
            label={t('erase.reason')}
            description={t('erase.reasonHint')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            minRows={2}
            autosize
            maxLength={500}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" color="red" loading={busy} disabled={!ok}>
              {tc('actions.erase')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
