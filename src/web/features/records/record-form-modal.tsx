import { Box, Button, Group, Modal, ScrollArea, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Props = {
  opened: boolean;
  title: string;
  busy: boolean;
  onClose: () => void;
  onSubmit: (e?: FormEvent<HTMLFormElement>) => void;
  top?: ReactNode;
  children: ReactNode;
};

/** The frame of a record form: a modal (full screen on phones) with a scrolling body and fixed buttons. */
export function RecordFormModal({ opened, title, busy, onClose, onSubmit, top, children }: Props) {
  const { t } = useTranslation();
  const small = useMediaQuery('(max-width: 48em)');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size="xl"
      fullScreen={small}
      scrollAreaComponent={ScrollArea.Autosize}
      closeButtonProps={{ 'aria-label': t('actions.close') }}
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="lg">
          {top}
          {children}
        </Stack>
        <Box
          pos="sticky"
          bottom={0}
          bg="var(--mantine-color-body)"
          py="sm"
          mt="md"
          style={{ borderTop: '1px solid var(--mantine-color-default-border)', zIndex: 5 }}
        >
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('actions.save')}
            </Button>
          </Group>
        </Box>
      </form>
    </Modal>
  );
}
