import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channels } from '../../../shared/crm.ts';
import { type InteractionDto, touchpoints } from '../../../shared/interactions.ts';
import { plainToRichText } from '../../components/rich-text.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { useDateLocale } from '../records/date-locale.ts';
import { type EntityKind, entities } from '../records/record-types.ts';

export type Channel = (typeof channels)[number];

type Values = {
  channel: Channel;
  direction: 'in' | 'out';
  touchpoint: string | null;
  occurredAt: string;
  subject: string;
  body: string;
  outcome: string;
  minutes: number | string;
};

/** Rich text as the plain text the form edits: paragraphs become blank lines. */
function plainOf(html: string | null): string {
  if (!html) return '';
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  for (const br of Array.from(doc.querySelectorAll('br'))) br.replaceWith('\n');
  return Array.from(doc.body.children.length ? doc.body.children : [doc.body])
    .map((el) => el.textContent ?? '')
    .join('\n\n')
    .trim();
}

const fromInteraction = (i: InteractionDto): Values => ({
  channel: i.channel,
  direction: i.direction,
  touchpoint: i.touchpoint,
  occurredAt: dayjs(i.occurredAt).format('YYYY-MM-DD HH:mm:ss'),
  subject: i.subject ?? '',
  body: plainOf(i.body),
  outcome: i.outcome ?? '',
  minutes: i.durationSeconds === null ? '' : Math.round(i.durationSeconds / 60),
});

const initial = (channel: Channel, touchpoint: string | null): Values => ({
  channel,
  direction: 'out',
  touchpoint,
  occurredAt: dayjs().second(0).format('YYYY-MM-DD HH:mm:ss'),
  subject: '',
  body: '',
  outcome: '',
  minutes: '',
});

/**
 * Log a call, a meeting or any other exchange on the record's timeline. Opened with `c` or `m` on the
 * record page (channel preset), saved with Ctrl+Enter; the API's field errors show next to the inputs.
 */
export function LogInteractionModal({
  kind,
  recordId,
  channel,
  editing,
  onClose,
}: {
  kind: EntityKind;
  recordId: string;
  channel: Channel | null;
  /** An interaction to change instead of logging a new one. */
  editing?: InteractionDto | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('timeline');
  const locale = useDateLocale();
  const qc = useQueryClient();
  const [values, setValues] = useState<Values>(() => initial(channel ?? 'phone', 'sales'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (channel) {
      setValues(initial(channel, 'sales'));
      setErrors({});
    }
  }, [channel]);
  useEffect(() => {
    if (editing) {
      setValues(fromInteraction(editing));
      setErrors({});
    }
  }, [editing]);
  const set = <K extends keyof Values>(k: K, v: Values[K]) => setValues((s) => ({ ...s, [k]: v }));
  const save = useMutation({
    mutationFn: () => {
      const fields = {
        channel: values.channel,
        direction: values.direction,
        touchpoint: values.touchpoint,
        occurredAt: dayjs(values.occurredAt).toISOString(),
        subject: values.subject.trim() || null,
        outcome: values.outcome.trim() || null,
        durationSeconds: values.minutes === '' ? null : Math.round(Number(values.minutes) * 60),
      };
      const body = values.body.trim() ? plainToRichText(values.body) : null;
      if (editing) {
        // The body is sent only when its text changed, so formatting from elsewhere is kept otherwise.
        const bodyChanged = values.body.trim() !== plainOf(editing.body);
        return api<InteractionDto>(`/interactions/${editing.id}`, {
          method: 'PATCH',
          headers: { 'if-match': `"${editing.version}"` },
          body: { ...fields, ...(bodyChanged ? { body } : {}) },
        });
      }
      return api<InteractionDto>('/interactions', {
        method: 'POST',
        body: {
          ...fields,
          body,
          ...(kind === 'contact' ? { contactId: recordId } : { companyId: recordId }),
        },
      });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: [entities[kind].plural, 'timeline', recordId] });
      // The last interaction moves the relationship and the stay-in-touch due date.
      void qc.invalidateQueries({ queryKey: [entities[kind].plural, 'detail', recordId] });
      void qc.invalidateQueries({ queryKey: [entities[kind].plural, 'relationship', recordId] });
      void qc.invalidateQueries({ queryKey: ['stay-in-touch'] });
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
    },
  });
  const title = editing
    ? t('log.titleEdit')
    : values.channel === 'phone'
      ? t('log.titleCall')
      : values.channel === 'meeting'
        ? t('log.titleMeeting')
        : t('log.titleOther');
  const problem = save.error instanceof ApiError && !save.error.errors.length ? save.error.message : null;
  return (
    <Modal opened={channel !== null || Boolean(editing)} onClose={onClose} title={title} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            save.mutate();
          }
        }}
      >
        <Stack gap="sm">
          {problem && <Alert color="red">{problem}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={t('fields.channel')}
              data={channels.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
              value={values.channel}
              onChange={(v) => v && set('channel', v as Channel)}
              allowDeselect={false}
              error={errors.channel}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="log-direction">
                {t('fields.direction')}
              </Text>
              <SegmentedControl
                aria-labelledby="log-direction"
                value={values.direction}
                onChange={(v) => set('direction', v as 'in' | 'out')}
                data={[
                  { value: 'out', label: t('direction.out') },
                  { value: 'in', label: t('direction.in') },
                ]}
              />
            </Stack>
            <DateTimePicker
              label={t('fields.occurredAt')}
              value={values.occurredAt}
              onChange={(v) => v && set('occurredAt', v)}
              valueFormat="L LT"
              locale={locale}
              maxDate={dayjs().add(1, 'year').toDate()}
              error={errors.occurredAt}
            />
            <Select
              label={t('fields.touchpoint')}
              data={touchpoints.map((tp) => ({ value: tp, label: t(`touchpoint.${tp}`) }))}
              value={values.touchpoint}
              onChange={(v) => set('touchpoint', v)}
              clearable
              error={errors.touchpoint}
            />
          </SimpleGrid>
          <TextInput
            label={t('fields.subject')}
            value={values.subject}
            onChange={(e) => set('subject', e.currentTarget.value)}
            maxLength={300}
            error={errors.subject}
            data-autofocus
          />
          <Textarea
            label={t('fields.body')}
            value={values.body}
            onChange={(e) => set('body', e.currentTarget.value)}
            autosize
            minRows={3}
            maxRows={12}
            error={errors.body}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('fields.outcome')}
              value={values.outcome}
              onChange={(e) => set('outcome', e.currentTarget.value)}
              maxLength={200}
              error={errors.outcome}
            />
            <NumberInput
              label={t('fields.duration')}
              value={values.minutes}
              onChange={(v) => set('minutes', v)}
              min={0}
              max={10_080}
              allowDecimal={false}
              error={errors.durationSeconds}
            />
          </SimpleGrid>
          <Group justify="space-between" mt="xs">
            <Text size="xs" c="dimmed">
              {t('log.saveHint')}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                {t('log.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t('log.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
