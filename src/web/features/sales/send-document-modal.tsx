import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SendDocumentInput } from '../../../shared/sales.ts';
import { ApiError, api } from '../../lib/api.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';

export const useMailStatus = () =>
  useQuery({
    queryKey: ['mail-status'],
    queryFn: ({ signal }) => api<{ configured: boolean; from: string }>('/mail/status', { signal }),
    staleTime: 300_000,
  });

const splitAddresses = (s: string) =>
  s
    .split(/[,;]/)
    .map((a) => a.trim())
    .filter(Boolean);

type SendMutation = {
  mutate: (input: SendDocumentInput, opts: { onSuccess: () => void }) => void;
  reset: () => void;
  error: unknown;
  isError: boolean;
  isPending: boolean;
};

/**
 * Sending a quote or an invoice by e-mail: to (the customer's address when left empty), cc, subject and
 * message, each with the document's default. The texts come from the feature's `send.*` messages (`ns`).
 */
export function SendDocumentModal({
  ns,
  number,
  recipient,
  opened,
  onClose,
  send,
  onSent,
}: {
  ns: 'quotes' | 'invoices';
  number: string;
  recipient: string | null;
  opened: boolean;
  onClose: () => void;
  send: SendMutation;
  onSent: () => void;
}) {
  const { t } = useTranslation(ns);
  const { t: tc } = useTranslation('common');
  const message = useErrorMessage();
  const mail = useMailStatus();
  const [to, setTo] = useState('');
  const [cc, setCc] = useState('');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const reset = send.reset;
  useEffect(() => {
    if (opened) reset();
  }, [opened, reset]);
  const errors = send.error instanceof ApiError ? send.error.fieldErrors() : {};
  const submit = () =>
    send.mutate(
      {
        ...(to.trim() ? { to: splitAddresses(to) } : {}),
        ...(cc.trim() ? { cc: splitAddresses(cc) } : {}),
        ...(subject.trim() ? { subject: subject.trim() } : {}),
        ...(text.trim() ? { message: text.trim() } : {}),
      },
      {
        onSuccess: () => {
          onSent();
          onClose();
        },
      },
    );
  return (
    <Modal opened={opened} onClose={onClose} title={t('send.title', { number })} size="lg">
      <Stack gap="sm">
        {mail.data && !mail.data.configured && <Alert color="yellow">{t('send.notConfigured')}</Alert>}
        <TextInput
          label={t('send.to')}
          description={t('send.addresses')}
          placeholder={recipient ?? ''}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          error={errors.to ?? Object.entries(errors).find(([k]) => k.startsWith('to.'))?.[1]}
          data-autofocus
        />
        <TextInput
          label={t('send.cc')}
          value={cc}
          onChange={(e) => setCc(e.currentTarget.value)}
          error={errors.cc}
        />
        <TextInput
          label={t('send.subject')}
          placeholder={t('send.subjectPlaceholder', { number })}
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
        />
        <Textarea
          label={t('send.message')}
          placeholder={t('send.messagePlaceholder')}
          autosize
          minRows={4}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        {send.isError && !Object.keys(errors).length && <Alert color="red">{message(send.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {tc('actions.cancel')}
          </Button>
          <Button leftSection={<IconSend size={16} />} onClick={submit} loading={send.isPending}>
            {t('send.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
