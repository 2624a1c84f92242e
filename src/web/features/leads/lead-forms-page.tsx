import {
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  CopyButton,
  Grid,
  Group,
  Modal,
  ScrollArea,
  Select,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languages } from '../../../shared/common.ts';
import { type LeadFormDto, leadFormFields, type PerLanguage } from '../../../shared/leads.ts';
import { ApiError, api } from '../../lib/api.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useShortcuts } from '../records/use-shortcuts.ts';
import { LeadsNav } from './leads-nav.tsx';
import { ifMatch, useLeadForms, useLeadWrite, useSnippet } from './use-leads.ts';

/** /leads/forms: web-to-lead forms, each with its embed code to copy and a live preview. Keyboard: `n`. */
export function LeadFormsPage() {
  const { t } = useTranslation('leads');
  usePageTitle(t('forms.title'));
  const manager = hasRole(useSession().data?.user, 'manager');
  const forms = useLeadForms();
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<LeadFormDto | 'new' | null>(null);
  useShortcuts({ n: () => manager && setEditing('new') });
  const list = forms.data?.data ?? [];
  const current = list.find((f) => f.id === selected) ?? list[0] ?? null;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        {manager && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('forms.new')}
          </Button>
        )}
      </Group>
      <LeadsNav />
      {!list.length && !forms.isPending ? (
        <Text c="dimmed" py="xl" ta="center">
          {t('forms.none')}
        </Text>
      ) : (
        <Grid gutter="md">
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Table highlightOnHover aria-label={t('forms.title')}>
              <Table.Tbody>
                {list.map((f) => (
                  <Table.Tr
                    key={f.id}
                    bg={f.id === current?.id ? 'var(--mantine-color-teal-light)' : undefined}
                    onClick={() => setSelected(f.id)}
                    style={{ cursor: 'pointer' }}
                  >
                    <Table.Td>
                      <Button variant="subtle" size="compact-sm" onClick={() => setSelected(f.id)}>
                        {f.name}
                      </Button>
                      <Text size="xs" c="dimmed">
                        {[f.source, f.campaign].filter(Boolean).join(' · ')}
                      </Text>
                    </Table.Td>
                    <Table.Td w={1}>
                      <Badge
                        variant="light"
                        color={f.active ? 'teal' : 'gray'}
                        style={{ overflow: 'visible' }}
                      >
                        {f.active ? t('forms.active') : t('forms.inactive')}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right" w={1}>
                      {manager && (
                        <Button size="compact-xs" variant="default" onClick={() => setEditing(f)}>
                          {t('forms.edit')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 7 }}>{current && <FormDetails form={current} />}</Grid.Col>
        </Grid>
      )}
      {editing && <FormEditor form={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

/** The embed code (to copy) and a preview of what visitors see, in the form's language. */
function FormDetails({ form }: { form: LeadFormDto }) {
  const { t } = useTranslation('leads');
  const manager = hasRole(useSession().data?.user, 'manager');
  const snippet = useSnippet(manager ? form.id : null);
  const lt = (key: string) => t(key, { lng: form.language });
  return (
    <Stack gap="md">
      <Card withBorder component="section" aria-label={t('forms.preview')}>
        <Title order={2} size="h5" mb="xs">
          {t('forms.preview')}
        </Title>
        <Stack gap="xs" maw={420}>
          {form.fields.map((f) =>
            f === 'message' ? (
              <Textarea key={f} label={lt(`forms.fields.${f}`)} readOnly autosize minRows={3} />
            ) : (
              <TextInput key={f} label={lt(`forms.fields.${f}`)} withAsterisk={f === 'email'} readOnly />
            ),
          )}
          {form.askConsent && (
            <Checkbox
              label={(form.consentText as PerLanguage)[form.language] ?? form.consentText.en}
              readOnly
            />
          )}
          <Group>
            <Button size="sm" tabIndex={-1}>
              {lt('forms.send')}
            </Button>
          </Group>
        </Stack>
      </Card>
      {manager && (
        <Card withBorder component="section" aria-label={t('forms.snippet')}>
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h5">
              {t('forms.snippet')}
            </Title>
            <CopyButton value={snippet.data?.html ?? ''}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy} disabled={!snippet.data}>
                  {copied ? t('forms.copied') : t('forms.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="xs" c="dimmed" mb="xs">
            {t('forms.snippetHelp')}
          </Text>
          <ScrollArea h={220} type="auto">
            <Code block aria-label={t('forms.snippet')}>
              {snippet.data?.html ?? ''}
            </Code>
          </ScrollArea>
          <Text size="xs" mt="xs">
            {t('forms.submitUrl')}: <Code>{`POST ${form.submitUrl}/submit`}</Code>
          </Text>
        </Card>
      )}
    </Stack>
  );
}

function FormEditor({ form, onClose }: { form: LeadFormDto | null; onClose: () => void }) {
  const { t } = useTranslation('leads');
  const [name, setName] = useState(form?.name ?? '');
  const [fields, setFields] = useState<string[]>(form?.fields ?? ['email', 'firstName', 'lastName']);
  const [tags, setTags] = useState<string[]>(form?.tags ?? []);
  const [source, setSource] = useState(form?.source ?? 'web_form');
  const [campaign, setCampaign] = useState(form?.campaign ?? '');
  const [language, setLanguage] = useState<string>(form?.language ?? 'en');
  const [askConsent, setAsk] = useState(form?.askConsent ?? false);
  const [consentText, setConsent] = useState<PerLanguage>(form?.consentText ?? {});
  const [successMessage, setSuccess] = useState<PerLanguage>(form?.successMessage ?? {});
  const [redirectUrl, setRedirect] = useState(form?.redirectUrl ?? '');
  const [active, setActive] = useState(form?.active ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useLeadWrite(
    (body: Record<string, unknown>) =>
      form
        ? api(`/lead-forms/${form.id}`, { method: 'PATCH', body, headers: ifMatch(form.version) })
        : api('/lead-forms', { method: 'POST', body }),
    { onDone: onClose },
  );
  const remove = useLeadWrite(() => api(`/lead-forms/${form?.id}`, { method: 'DELETE' }), {
    done: t('deleted'),
    onDone: onClose,
  });
  const submit = () =>
    save.mutate(
      {
        name,
        fields,
        tags,
        source: source || null,
        campaign: campaign || null,
        language,
        askConsent,
        consentText,
        successMessage,
        redirectUrl: redirectUrl.trim() || null,
        active,
      },
      { onError: (err) => err instanceof ApiError && setErrors(err.fieldErrors()) },
    );
  return (
    <Modal opened onClose={onClose} title={form ? t('forms.edit') : t('forms.new')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('forms.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            error={errors.name}
            data-autofocus
          />
          <Checkbox.Group
            label={t('forms.fieldsLabel')}
            value={fields}
            onChange={setFields}
            error={errors.fields}
          >
            <Group gap="md" mt={4}>
              {leadFormFields.map((f) => (
                <Checkbox key={f} value={f} label={t(`forms.fields.${f}`)} disabled={f === 'email'} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group grow>
            <TextInput
              label={t('forms.source')}
              value={source}
              onChange={(e) => setSource(e.currentTarget.value)}
            />
            <TextInput
              label={t('forms.campaign')}
              value={campaign}
              onChange={(e) => setCampaign(e.currentTarget.value)}
            />
          </Group>
          <Group grow>
            <TagsInput label={t('forms.tags')} value={tags} onChange={setTags} error={errors.tags} />
            <Select
              label={t('forms.language')}
              data={languages.map((l) => ({ value: l, label: l.toUpperCase() }))}
              value={language}
              onChange={(v) => v && setLanguage(v)}
              allowDeselect={false}
            />
          </Group>
          <Switch
            label={t('forms.askConsent')}
            checked={askConsent}
            onChange={(e) => setAsk(e.currentTarget.checked)}
          />
          {askConsent &&
            languages.map((l) => (
              <Textarea
                key={l}
                label={t('forms.consentText', { lang: l.toUpperCase() })}
                value={consentText[l] ?? ''}
                onChange={(e) => setConsent({ ...consentText, [l]: e.currentTarget.value })}
                autosize
                minRows={1}
                error={l === 'en' ? errors.consentText : undefined}
              />
            ))}
          <Textarea
            label={t('forms.successMessage', { lang: language.toUpperCase() })}
            value={successMessage[language as keyof PerLanguage] ?? ''}
            onChange={(e) => setSuccess({ ...successMessage, [language]: e.currentTarget.value })}
            autosize
            minRows={1}
          />
          <TextInput
            label={t('forms.redirectUrl')}
            value={redirectUrl}
            onChange={(e) => setRedirect(e.currentTarget.value)}
            error={errors.redirectUrl}
            type="url"
          />
          <Switch
            label={t('forms.active')}
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
          />
          <Group justify="space-between">
            {form ? (
              <Button
                color="red"
                variant="subtle"
                onClick={() => remove.mutate(undefined)}
                loading={remove.isPending}
              >
                {t('forms.delete')}
              </Button>
            ) : (
              <span />
            )}
            <Group>
              <Button variant="default" onClick={onClose}>
                {t('cancel')}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t('forms.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
