import '@mantine/dates/styles.css';
import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DatePickerInput, DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconMessageCheck, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type EventDto, eventKinds, eventStatuses } from '../../../shared/events.ts';
import { ApiError, api } from '../../lib/api.ts';
import { useSession } from '../../lib/session.ts';
import { CompanyPicker } from '../records/company-picker.tsx';
import { useDateLocale } from '../records/date-locale.ts';
import { useUsers } from '../records/use-users.ts';
import { ContactMultiPicker, ContactPicker } from './contact-pickers.tsx';
import { EventDetails } from './event-details.tsx';
import {
  type EventFormValues,
  eventBody,
  eventValues,
  formErrors,
  keepLength,
  reminderChoices,
} from './event-form-values.ts';
import { awaitsOutcome } from './event-format.ts';
import { downloadIcs, patchEvent, useRefreshEvents } from './use-events.ts';

export type EventDialog =
  | { mode: 'new'; values: EventFormValues; names?: { contact?: string; company?: string } }
  | { mode: 'edit'; event: EventDto }
  | null;

/**
 * Create, change or look at an event. The organiser, their teammates and admins get the form; others see
 * the details (and answer the invitation when invited). Saved with Ctrl+Enter; the API's field errors show
 * next to their inputs; a 412 offers to reload.
 */
export function EventFormModal({
  dialog,
  onClose,
  onOutcome,
  onDeleted,
}: {
  dialog: EventDialog;
  onClose: () => void;
  onOutcome: (e: EventDto) => void;
  onDeleted: (e: EventDto) => void;
}) {
  const { t } = useTranslation('calendar');
  const { t: tc } = useTranslation();
  const locale = useDateLocale();
  const me = useSession().data?.user;
  const { users } = useUsers();
  const refresh = useRefreshEvents();
  const editing = dialog?.mode === 'edit' ? dialog.event : null;
  const [values, setValues] = useState<EventFormValues | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<'conflict' | string | null>(null);
  const [current, setCurrent] = useState<EventDto | null>(null);

  useEffect(() => {
    if (!dialog) return;
    setValues(dialog.mode === 'new' ? dialog.values : eventValues(dialog.event));
    setCurrent(dialog.mode === 'edit' ? dialog.event : null);
    setErrors({});
    setProblem(null);
  }, [dialog]);

  const set = (patch: Partial<EventFormValues>) => setValues((v) => (v ? { ...v, ...patch } : v));
  const save = useMutation({
    mutationFn: () => {
      const body = eventBody(values!, current);
      return current
        ? patchEvent(current, body)
        : api<EventDto>('/events', {
            method: 'POST',
            body: { ...body, organizerId: body.organizerId ?? undefined },
          });
    },
    onSuccess: () => {
      notifications.show({ color: 'teal', message: current ? t('notice.saved') : t('notice.created') });
      refresh();
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 412) return setProblem('conflict');
      if (err instanceof ApiError && err.errors.length) {
        const mapped = formErrors(err.fieldErrors(), values?.allDay ?? false);
        setErrors(mapped);
        setProblem(mapped.attendees ?? (err.status === 403 ? err.message : null));
        return;
      }
      setProblem(err instanceof ApiError ? err.message : tc('errors.network'));
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      api(`/events/${current!.id}`, { method: 'DELETE', headers: { 'if-match': `"${current!.version}"` } }),
    onSuccess: () => {
      refresh();
      onDeleted(current!);
      onClose();
    },
    onError: (err) =>
      setProblem(err instanceof ApiError && err.status === 412 ? 'conflict' : String((err as Error).message)),
  });
  const reload = async () => {
    if (!current) return;
    const fresh = await api<EventDto>(`/events/${current.id}`);
    setCurrent(fresh);
    setValues(eventValues(fresh));
    setProblem(null);
    refresh();
  };

  const opened = dialog !== null && values !== null;
  const readOnly = Boolean(editing && !editing.canEdit);
  const title = !current ? t('form.titleNew') : readOnly ? t('form.titleView') : t('form.titleEdit');
  const attendeeNames = Object.fromEntries(
    (current?.attendees ?? []).flatMap((a) => (a.contactId && a.name ? [[a.contactId, a.name]] : [])),
  );
  const reminderData = reminderChoices.map((m) => ({
    value: m === null ? 'none' : String(m),
    label:
      m === null
        ? t('reminder.none')
        : m === 0
          ? t('reminder.atStart')
          : m % 1440 === 0
            ? t('reminder.days', { count: m / 1440 })
            : m % 60 === 0
              ? t('reminder.hours', { count: m / 60 })
              : t('reminder.minutes', { count: m }),
  }));
  if (values && !reminderData.some((r) => r.value === values.remind))
    reminderData.push({
      value: values.remind,
      label: t('reminder.minutes', { count: Number(values.remind) }),
    });

  return (
    <Modal opened={opened} onClose={onClose} title={title} size="xl">
      {readOnly && current ? (
        <EventDetails event={current} onOutcome={onOutcome} onClose={onClose} />
      ) : (
        values && (
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
              {problem === 'conflict' ? (
                <Alert color="orange" title={t('notice.conflictTitle')} role="alert">
                  <Group justify="space-between">
                    <Text size="sm">{tc('errors.conflict')}</Text>
                    <Button size="xs" color="orange" onClick={() => void reload()}>
                      {t('retry')}
                    </Button>
                  </Group>
                </Alert>
              ) : problem ? (
                <Alert color="red" role="alert">
                  {problem}
                </Alert>
              ) : null}
              <TextInput
                label={t('form.title')}
                value={values.title}
                onChange={(e) => set({ title: e.currentTarget.value })}
                maxLength={300}
                required
                error={errors.title}
                data-autofocus
              />
              <Group justify="space-between" wrap="wrap">
                <Stack gap={4}>
                  <Text size="sm" fw={500} id="event-kind">
                    {t('form.kind')}
                  </Text>
                  <SegmentedControl
                    aria-labelledby="event-kind"
                    value={values.kind}
                    onChange={(v) => set({ kind: v as EventFormValues['kind'] })}
                    data={eventKinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
                  />
                </Stack>
                <Switch
                  label={t('form.allDay')}
                  checked={values.allDay}
                  onChange={(e) => set({ allDay: e.currentTarget.checked })}
                  mt="lg"
                />
              </Group>
              {values.allDay ? (
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <DatePickerInput
                    label={t('form.startDate')}
                    value={values.startDate}
                    onChange={(v) =>
                      v &&
                      set({
                        startDate: v,
                        endDate: dayjs(values.endDate).isBefore(v) ? v : values.endDate,
                      })
                    }
                    valueFormat="L"
                    locale={locale}
                    error={errors.startDate}
                  />
                  <DatePickerInput
                    label={t('form.endDate')}
                    value={values.endDate}
                    onChange={(v) => v && set({ endDate: v })}
                    minDate={values.startDate}
                    valueFormat="L"
                    locale={locale}
                    error={errors.endDate}
                  />
                </SimpleGrid>
              ) : (
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <DateTimePicker
                    label={t('form.startsAt')}
                    value={values.start}
                    onChange={(v) => v && set(keepLength(values, v))}
                    valueFormat="L LT"
                    locale={locale}
                    error={errors.start}
                  />
                  <DateTimePicker
                    label={t('form.endsAt')}
                    value={values.end}
                    onChange={(v) => v && set({ end: v })}
                    valueFormat="L LT"
                    locale={locale}
                    error={errors.end}
                  />
                </SimpleGrid>
              )}
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  label={t('form.location')}
                  value={values.location}
                  onChange={(e) => set({ location: e.currentTarget.value })}
                  maxLength={500}
                  error={errors.location}
                />
                <TextInput
                  label={t('form.videoUrl')}
                  placeholder={t('form.videoPlaceholder')}
                  type="url"
                  value={values.videoUrl}
                  onChange={(e) => set({ videoUrl: e.currentTarget.value })}
                  maxLength={2000}
                  error={errors.videoUrl}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <ContactPicker
                  label={t('form.contact')}
                  value={values.contactId}
                  initialName={
                    current?.contactName ?? (dialog?.mode === 'new' ? dialog.names?.contact : null)
                  }
                  onChange={(id, contact) =>
                    set({
                      contactId: id,
                      ...(contact?.companyId ? { companyId: contact.companyId } : {}),
                    })
                  }
                  error={errors.contactId}
                />
                <CompanyPicker
                  label={t('form.company')}
                  value={values.companyId}
                  initialName={
                    current?.companyName ?? (dialog?.mode === 'new' ? dialog.names?.company : null)
                  }
                  onChange={(id) => set({ companyId: id })}
                  error={errors.companyId}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <MultiSelect
                  label={t('form.users')}
                  placeholder={values.userIds.length ? undefined : t('form.usersPlaceholder')}
                  data={users
                    .filter((u) => u.active && u.id !== values.organizerId)
                    .map((u) => ({ value: u.id, label: u.name || u.email }))}
                  value={values.userIds}
                  onChange={(ids) => set({ userIds: ids })}
                  searchable
                  error={errors.attendees ? ' ' : undefined}
                  comboboxProps={{ withinPortal: true }}
                />
                <ContactMultiPicker
                  label={t('form.contacts')}
                  value={values.contactIds}
                  initialNames={attendeeNames}
                  onChange={(ids) => set({ contactIds: ids })}
                />
                <TagsInput
                  label={t('form.emails')}
                  placeholder={values.emails.length ? undefined : t('form.emailsPlaceholder')}
                  value={values.emails}
                  onChange={(emails) =>
                    set({ emails: emails.map((e) => e.trim().toLowerCase()).filter(Boolean) })
                  }
                  splitChars={[',', ' ', ';']}
                  clearable
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <Select
                  label={t('form.reminder')}
                  data={reminderData}
                  value={values.remind}
                  onChange={(v) => v && set({ remind: v })}
                  allowDeselect={false}
                  error={errors.remind}
                />
                <Select
                  label={t('form.status')}
                  data={eventStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
                  value={values.status}
                  onChange={(v) => v && set({ status: v as EventFormValues['status'] })}
                  allowDeselect={false}
                />
                <Select
                  label={t('form.organizer')}
                  data={users
                    .filter((u) => u.active || u.id === values.organizerId)
                    .map((u) => ({ value: u.id, label: u.name || u.email }))}
                  value={values.organizerId}
                  onChange={(v) => set({ organizerId: v ?? me?.id ?? null })}
                  searchable
                  allowDeselect={false}
                  error={errors.organizerId}
                />
              </SimpleGrid>
              <Textarea
                label={t('form.description')}
                value={values.description}
                onChange={(e) => set({ description: e.currentTarget.value })}
                autosize
                minRows={2}
                maxRows={10}
                maxLength={10_000}
                error={errors.description}
              />
              <Group justify="space-between" mt="xs">
                <Group gap="xs">
                  {current && (
                    <>
                      <Button
                        variant="subtle"
                        color="red"
                        leftSection={<IconTrash size={16} />}
                        onClick={() => remove.mutate()}
                        loading={remove.isPending}
                      >
                        {t('form.delete')}
                      </Button>
                      <Button
                        variant="subtle"
                        leftSection={<IconDownload size={16} />}
                        onClick={() => downloadIcs(current)}
                      >
                        {t('form.download')}
                      </Button>
                      {awaitsOutcome(current) && (
                        <Button
                          variant="light"
                          leftSection={<IconMessageCheck size={16} />}
                          onClick={() => onOutcome(current)}
                        >
                          {t('outcome.give')}
                        </Button>
                      )}
                    </>
                  )}
                </Group>
                <Group gap="xs">
                  <Button variant="default" onClick={onClose}>
                    {t('form.cancel')}
                  </Button>
                  <Button type="submit" loading={save.isPending}>
                    {t('form.save')}
                  </Button>
                </Group>
              </Group>
            </Stack>
          </form>
        )
      )}
    </Modal>
  );
}
