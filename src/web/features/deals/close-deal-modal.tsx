import { Button, Group, Modal, Radio, SimpleGrid, Stack, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reasonsFor } from '../../../shared/deals.ts';

export type Closing = { title: string; kind: 'won' | 'lost' };

/**
 * Why a deal was won or lost: asked when it is dropped on the Won or Lost column, or its Won / Lost button
 * is pressed. The move happens only once a reason is chosen.
 */
export function CloseDealModal({
  closing,
  onCancel,
  onConfirm,
}: {
  closing: Closing | null;
  onCancel: () => void;
  onConfirm: (reason: string, note: string | null) => void;
}) {
  const { t } = useTranslation('deals');
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  useEffect(() => {
    if (closing) {
      setReason(null);
      setNote('');
      setTried(false);
    }
  }, [closing]);
  const kind = closing?.kind ?? 'won';
  const submit = () => {
    setTried(true);
    if (reason) onConfirm(reason, note.trim() || null);
  };
  return (
    <Modal
      opened={closing !== null}
      onClose={onCancel}
      title={
        closing ? t(kind === 'won' ? 'close.wonTitle' : 'close.lostTitle', { title: closing.title }) : ''
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <Radio.Group
            label={t('fields.closeReason')}
            value={reason}
            onChange={setReason}
            error={tried && !reason ? t('close.reasonRequired') : undefined}
            withAsterisk
          >
            <SimpleGrid cols={2} mt="xs" spacing="xs">
              {reasonsFor(kind).map((r) => (
                <Radio key={r} value={r} label={t(`reason.${r}` as 'reason.other')} />
              ))}
            </SimpleGrid>
          </Radio.Group>
          <Textarea
            label={t('fields.closeNote')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={2000}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              {t('cancel')}
            </Button>
            <Button type="submit" color={kind === 'won' ? 'green' : 'red'}>
              {t(kind === 'won' ? 'close.confirmWon' : 'close.confirmLost')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
