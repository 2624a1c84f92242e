import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconDownload,
  IconFileText,
  IconPencil,
  IconSend,
  IconTemplate,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languages } from '../../../shared/common.ts';
import { currencies } from '../../../shared/money.ts';
import type { QuoteDto, QuoteTemplateDto } from '../../../shared/quotes.ts';
import { ApiError, api } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { languageName } from '../../lib/languages.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { fromLineDtos, type LineDraft, LineItemsEditor, toLineInputs } from '../sales/line-items-editor.tsx';
import { LinesTable } from '../sales/lines-table.tsx';
import { SendDocumentModal } from '../sales/send-document-modal.tsx';
import { QuoteStatusBadge } from './quote-status-badge.tsx';
import { quoteKeys, useQuote, useQuoteAction, useQuoteVersion, useQuoteVersions } from './use-quotes.ts';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** /quotes/$quoteId: the quote, editable while a draft; send, answer, revise; earlier versions read-only. */
export function QuotePage() {
  const { quoteId } = useParams({ strict: false }) as { quoteId: string };
  const { t, i18n } = useTranslation('quotes');
  const message = useErrorMessage();
  const q = useQuote(quoteId);
  usePageTitle(q.data?.number ?? t('title'));
  if (q.isPending)
    return (
      <Center p="xl">
        <Loader />
      </Center>
    );
  if (q.isError)
    return (
      <Alert
        color="red"
        title={q.error instanceof ApiError && q.error.status === 404 ? t('page.notFound') : undefined}
      >
        {q.error instanceof ApiError && q.error.status === 404 ? (
          <Anchor component={Link} to="/quotes">
            {t('page.back')}
          </Anchor>
        ) : (
          message(q.error)
        )}
      </Alert>
    );
  return (
    <QuoteView
      quote={q.data}
      key={`${q.data.id}:${q.data.currentVersion}:${q.data.status}`}
      lng={i18n.language}
    />
  );
}

function QuoteView({ quote, lng }: { quote: QuoteDto; lng: string }) {
  const { t } = useTranslation('quotes');
  const message = useErrorMessage();
  const navigate = useNavigate();
  const user = useSession().data?.user;
  const canWrite = hasRole(user, 'agent');
  const isManager = hasRole(user, 'manager');
  const [templating, setTemplating] = useState(false);
  const actions = useQuoteAction(quote.id);
  const versions = useQuoteVersions(quote.id);
  const [viewing, setViewing] = useState<number | null>(null);
  const old = useQuoteVersion(quote.id, viewing);
  const [sending, setSending] = useState(false);
  const [answering, setAnswering] = useState<'accept' | 'decline' | null>(null);
  const editable = canWrite && quote.status === 'draft' && viewing === null;

  const [lines, setLines] = useState<LineDraft[]>(() => fromLineDtos(quote.lines));
  const [title, setTitle] = useState(quote.title ?? '');
  const [terms, setTerms] = useState(quote.terms ?? '');
  const [validUntil, setValidUntil] = useState(quote.validUntil ?? '');
  const [currency, setCurrency] = useState(quote.currency);
  const [language, setLanguage] = useState(quote.language);
  const errors = actions.update.error instanceof ApiError ? actions.update.error.fieldErrors() : {};

  const save = (after?: () => void) =>
    actions.update.mutate(
      {
        version: quote.version,
        body: {
          title: title.trim() || null,
          terms: terms.trim() || null,
          validUntil: validUntil || null,
          currency: currency as never,
          language: language as never,
          lines: toLineInputs(lines),
        },
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('form.saved') });
          after?.();
        },
      },
    );
  const dirty =
    editable &&
    (JSON.stringify(toLineInputs(lines)) !== JSON.stringify(toLineInputs(fromLineDtos(quote.lines))) ||
      (title.trim() || null) !== quote.title ||
      (terms.trim() || null) !== quote.terms ||
      (validUntil || null) !== quote.validUntil ||
      currency !== quote.currency ||
      language !== quote.language);

  const revise = () =>
    actions.revise.mutate(quote.version, {
      onSuccess: (r) =>
        notifications.show({ color: 'teal', message: t('page.revised', { n: r.currentVersion }) }),
      onError: (err) => notifications.show({ color: 'red', message: message(err) }),
    });
  const remove = () =>
    actions.remove.mutate(quote.version, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('page.deleted') });
        void navigate({ to: '/quotes' });
      },
      onError: (err) => notifications.show({ color: 'red', message: message(err) }),
    });
  const download = (kind: 'pdf' | 'docx') =>
    `/api/v1/quotes/${quote.id}/${kind}${viewing !== null ? `?version=${viewing}` : ''}`;
  const answerable = canWrite && (quote.status === 'draft' || quote.status === 'sent');

  return (
    <Stack gap="md" maw={1100}>
      <div>
        <Anchor component={Link} to="/quotes" size="sm">
          ← {t('page.back')}
        </Anchor>
        <Stack gap="sm" mt={4}>
          <div>
            <Group gap="sm">
              <Title order={2}>{quote.number}</Title>
              <QuoteStatusBadge status={quote.status} />
              {quote.currentVersion > 1 && (
                <Badge variant="outline" color="gray">
                  {t('page.versionN', { n: viewing ?? quote.currentVersion })}
                </Badge>
              )}
            </Group>
            {quote.title && <Text c="dimmed">{quote.title}</Text>}
          </div>
          <Group gap="xs">
            <Button
              component="a"
              href={download('pdf')}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              {t('page.pdf')}
            </Button>
            <Button
              component="a"
              href={download('docx')}
              download
              variant="default"
              leftSection={<IconFileText size={16} />}
            >
              {t('page.docx')}
            </Button>
            {canWrite && (quote.status === 'draft' || quote.status === 'sent') && viewing === null && (
              <Button
                leftSection={<IconSend size={16} />}
                onClick={() => (dirty ? save(() => setSending(true)) : setSending(true))}
                disabled={!quote.lines.length && !toLineInputs(lines).length}
              >
                {quote.status === 'sent' ? t('page.resend') : t('page.send')}
              </Button>
            )}
            {canWrite && ['sent', 'declined', 'expired'].includes(quote.status) && (
              <Button
                variant="light"
                leftSection={<IconPencil size={16} />}
                onClick={revise}
                loading={actions.revise.isPending}
              >
                {t('page.revise')}
              </Button>
            )}
            {answerable && viewing === null && (
              <>
                <Button
                  color="teal"
                  variant="light"
                  leftSection={<IconCheck size={16} />}
                  onClick={() => setAnswering('accept')}
                >
                  {t('page.accept')}
                </Button>
                <Button
                  color="red"
                  variant="subtle"
                  leftSection={<IconX size={16} />}
                  onClick={() => setAnswering('decline')}
                >
                  {t('page.decline')}
                </Button>
              </>
            )}
            {isManager && quote.lines.length > 0 && (
              <Button
                variant="subtle"
                leftSection={<IconTemplate size={16} />}
                onClick={() => setTemplating(true)}
              >
                {t('page.saveTemplate')}
              </Button>
            )}
            {canWrite && quote.status === 'draft' && !quote.sentAt && (
              <Button
                color="red"
                variant="subtle"
                leftSection={<IconTrash size={16} />}
                onClick={remove}
                aria-label={t('page.delete')}
              >
                {t('page.delete')}
              </Button>
            )}
          </Group>
        </Stack>
      </div>

      {quote.orderId && quote.orderNumber && (
        <Alert color="teal" icon={<IconCheck size={18} />}>
          <Anchor component={Link} to={`/orders/${quote.orderId}`} data-testid="quote-order-link">
            {t('page.orderCreated', { number: quote.orderNumber })}
          </Anchor>
        </Alert>
      )}
      {quote.status === 'accepted' && quote.acceptedAt && (
        <Text size="sm">
          {t('page.acceptedBy', {
            name: quote.acceptedName ?? '—',
            date: formatDateTime(quote.acceptedAt, lng),
          })}
        </Text>
      )}
      {quote.status === 'declined' && quote.declinedAt && (
        <Text size="sm">
          {t('page.declinedBy', {
            name: quote.acceptedName ?? '—',
            date: formatDateTime(quote.declinedAt, lng),
          })}
          {quote.declineReason ? ` · ${t('page.reason', { reason: quote.declineReason })}` : ''}
        </Text>
      )}
      {quote.mail && (
        <Text size="sm" c={quote.mail.status === 'failed' ? 'red' : 'dimmed'}>
          {quote.mail.status === 'failed'
            ? t('page.mail.failed', { error: quote.mail.lastError ?? '' })
            : quote.mail.status === 'sent'
              ? t('page.mail.sent')
              : t('page.mail.queued')}
          {quote.sentAt ? ` · ${t('page.sentOn', { date: formatDateTime(quote.sentAt, lng) })}` : ''}
        </Text>
      )}

      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Fact label={t('page.customer')}>
            {quote.contactId ? (
              <Anchor component={Link} to={`/contacts/${quote.contactId}`}>
                {quote.contactName ?? '—'}
              </Anchor>
            ) : null}
            {quote.companyId ? (
              <div>
                <Anchor
                  component={Link}
                  to={`/companies/${quote.companyId}`}
                  size="sm"
                  c={quote.contactId ? 'dimmed' : undefined}
                >
                  {quote.companyName ?? '—'}
                </Anchor>
              </div>
            ) : null}
          </Fact>
          <Fact label={t('page.owner')}>{quote.ownerName ?? '—'}</Fact>
          <Fact label={t('page.deal')}>
            {quote.dealId ? (
              <Anchor component={Link} to={`/deals/${quote.dealId}`}>
                {quote.dealTitle ?? '—'}
              </Anchor>
            ) : (
              '—'
            )}
          </Fact>
          {editable ? (
            <TextInput
              type="date"
              label={t('form.validUntil')}
              value={validUntil}
              onChange={(e) => setValidUntil(e.currentTarget.value)}
              error={errors.validUntil}
            />
          ) : (
            <Fact label={t('form.validUntil')}>
              {formatDate(old.data?.validUntil ?? quote.validUntil, lng)}
            </Fact>
          )}
          {editable ? (
            <>
              <TextInput
                label={t('form.title')}
                value={title}
                onChange={(e) => setTitle(e.currentTarget.value)}
              />
              <Select
                label={t('form.currency')}
                data={currencies}
                value={currency}
                onChange={(v) => v && setCurrency(v)}
                allowDeselect={false}
                searchable
              />
              <Select
                label={t('form.language')}
                data={languages.map((l) => ({ value: l, label: languageName(l, l) }))}
                value={language}
                onChange={(v) => v && setLanguage(v)}
                allowDeselect={false}
              />
            </>
          ) : (
            <>
              <Fact label={t('form.currency')}>{quote.currency}</Fact>
              <Fact label={t('form.language')}>{languageName(quote.language, lng)}</Fact>
            </>
          )}
        </SimpleGrid>
      </Paper>

      {viewing !== null && (
        <Alert color="gray">
          <Group justify="space-between">
            <Text size="sm">{t('page.viewingOld', { n: viewing })}</Text>
            <Button size="xs" variant="default" onClick={() => setViewing(null)}>
              {t('page.backToCurrent')}
            </Button>
          </Group>
        </Alert>
      )}

      <Paper withBorder p="md">
        {editable ? (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {t('page.draftHint')}
            </Text>
            <LineItemsEditor
              currency={currency}
              lines={lines}
              onChange={setLines}
              customer={{ contactId: quote.contactId, companyId: quote.companyId }}
              language={language}
              errors={errors}
              onSubmit={() => save()}
            />
          </Stack>
        ) : viewing !== null ? (
          old.data ? (
            <LinesTable
              currency={quote.currency}
              lines={old.data.lines}
              totals={old.data.totals}
              taxBreakdown={old.data.taxBreakdown}
            />
          ) : (
            <Loader />
          )
        ) : (
          <LinesTable
            currency={quote.currency}
            lines={quote.lines}
            totals={quote.totals}
            taxBreakdown={quote.taxBreakdown}
          />
        )}
      </Paper>

      {editable ? (
        <Textarea
          label={t('form.terms')}
          autosize
          minRows={2}
          value={terms}
          onChange={(e) => setTerms(e.currentTarget.value)}
        />
      ) : (
        (old.data?.terms ?? quote.terms) && (
          <Fact label={t('form.terms')}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {viewing !== null ? old.data?.terms : quote.terms}
            </Text>
          </Fact>
        )
      )}
      {editable && (
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {t('form.keys')}
          </Text>
          <Button onClick={() => save()} loading={actions.update.isPending} disabled={!dirty}>
            {t('form.save')}
          </Button>
        </Group>
      )}
      {actions.update.isError && (
        <Alert color="red">
          {Object.keys(errors).length ? Object.values(errors).join(' · ') : message(actions.update.error)}
        </Alert>
      )}

      {(versions.data?.data.length ?? 0) > 1 && (
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            {t('page.versions')}
          </Title>
          <Group gap="xs">
            {versions.data!.data.map((v) => (
              <Button
                key={v.versionNo}
                size="xs"
                variant={(viewing ?? quote.currentVersion) === v.versionNo ? 'filled' : 'default'}
                onClick={() => setViewing(v.current ? null : v.versionNo)}
              >
                {t('page.versionN', { n: v.versionNo })}
                {v.current ? ` (${t('page.current')})` : ''} · {formatDate(v.createdAt, lng)}
              </Button>
            ))}
          </Group>
        </Paper>
      )}

      <SendModal quote={quote} opened={sending} onClose={() => setSending(false)} />
      <AnswerModal quote={quote} mode={answering} onClose={() => setAnswering(null)} />
      <TemplateModal quote={quote} opened={templating} onClose={() => setTemplating(false)} />
    </Stack>
  );
}

function SendModal({ quote, opened, onClose }: { quote: QuoteDto; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('quotes');
  const { send } = useQuoteAction(quote.id);
  return (
    <SendDocumentModal
      ns="quotes"
      number={quote.number}
      recipient={quote.recipient}
      opened={opened}
      onClose={onClose}
      send={send}
      onSent={() => notifications.show({ color: 'teal', message: t('send.done') })}
    />
  );
}

function AnswerModal({
  quote,
  mode,
  onClose,
}: {
  quote: QuoteDto;
  mode: 'accept' | 'decline' | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('quotes');
  const message = useErrorMessage();
  const { accept, decline } = useQuoteAction(quote.id);
  const [name, setName] = useState(quote.contactName ?? '');
  const [reason, setReason] = useState('');
  const m = mode === 'decline' ? decline : accept;
  const submit = () => {
    const body = { ...(name.trim() ? { name: name.trim() } : {}) };
    const done = { onSuccess: onClose };
    if (mode === 'decline') decline.mutate({ ...body, reason: reason.trim() || null }, done);
    else accept.mutate(body, done);
  };
  return (
    <Modal
      opened={mode !== null}
      onClose={onClose}
      title={t(mode === 'decline' ? 'answer.declineTitle' : 'answer.acceptTitle', { number: quote.number })}
    >
      <Stack gap="sm">
        {mode === 'accept' && <Text size="sm">{t('answer.acceptHelp')}</Text>}
        <TextInput
          label={t('answer.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-autofocus
        />
        {mode === 'decline' && (
          <Textarea
            label={t('answer.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
          />
        )}
        {m.isError && <Alert color="red">{message(m.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('form.cancel')}
          </Button>
          <Button color={mode === 'decline' ? 'red' : 'teal'} onClick={submit} loading={m.isPending}>
            {t(mode === 'decline' ? 'answer.confirmDecline' : 'answer.confirmAccept')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Managers keep a quote's lines and terms as a template for the next one. */
function TemplateModal({
  quote,
  opened,
  onClose,
}: {
  quote: QuoteDto;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('quotes');
  const message = useErrorMessage();
  const client = useQueryClient();
  const [name, setName] = useState(quote.title ?? '');
  const save = useMutation({
    mutationFn: () =>
      api<QuoteTemplateDto>('/quote-templates', {
        method: 'POST',
        body: {
          name: name.trim(),
          currency: quote.currency,
          terms: quote.terms,
          lines: quote.lines.map(({ net: _net, ...l }) => l),
        },
      }),
    onSuccess: (tpl) => {
      void client.invalidateQueries({ queryKey: quoteKeys.templates });
      notifications.show({ color: 'teal', message: t('page.templateSaved', { name: tpl.name }) });
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('page.saveTemplate')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('page.templateName')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-autofocus
          />
          {save.isError && <Alert color="red">{message(save.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              {t('form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
