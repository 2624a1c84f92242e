import { Button, type ButtonProps } from '@mantine/core';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportCounts, ImportEntity } from '../../../shared/imports.ts';
import { formatNumber } from '../../lib/format.ts';
import { ConfirmModal } from '../records/confirm-modal.tsx';
import { useImportAction } from './use-imports.ts';

type Props = { importId: string; entity: ImportEntity; stats: ImportCounts; fileName: string } & Pick<
  ButtonProps,
  'size' | 'variant'
>;

/** Undo an import, after a question that says what it removes and restores. */
export function UndoButton({ importId, entity, stats, fileName, size, variant = 'default' }: Props) {
  const { t, i18n } = useTranslation('imports');
  const undo = useImportAction(importId, 'undo');
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size={size}
        variant={variant}
        color="red"
        leftSection={<IconArrowBackUp size={16} />}
        onClick={() => setOpen(true)}
        aria-label={t('undo.labelFor', { name: fileName })}
      >
        {t('undo.button')}
      </Button>
      <ConfirmModal
        opened={open}
        title={t('undo.title')}
        message={t(`undo.body_${entity}`, {
          created: formatNumber(stats.created, i18n.language),
          updated: formatNumber(stats.updated, i18n.language),
        })}
        confirmLabel={t('undo.confirm')}
        busy={undo.isPending}
        onClose={() => setOpen(false)}
        onConfirm={() => undo.mutate(undefined, { onSettled: () => setOpen(false) })}
      />
    </>
  );
}
