import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConvertLeadInput, LeadDto, LeadFactor } from '../../../shared/leads.ts';
import { currencies, parseMajor } from '../../../shared/money.ts';
import { ApiError, api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { CompanyPicker } from '../records/company-picker.tsx';
import { useDefaultCurrency } from '../sales/use-sales-settings.ts';
import { percent, scoreColor } from './leads-page.tsx';
import { leadKeys, useLeadWrite } from './use-leads.ts';

/** A learned factor in plain words: "Business e-mail address raises the chance". */
export function useFactorText() {
  const { t } = useTranslation('leads');
  return (f: LeadFactor) => {
    const [kind, value] = f.feature.includes(':') ? f.feature.split(/:(.*)/s) : [f.feature, ''];
    const label =
      kind === 'source' || kind === 'country'
        ? t(`factors.${kind}`, { value })
        : t(`factors.${kind}` as 'factors.has_phone');
    return { label, up: f.contribution > 0 };
  };
}

/**
 * The lead card on a contact in stage `lead`: points with the rules that gave them, the learned chance with
 * its top factors, consent, and the Convert / Disqualify dialogs.
 */
export function LeadCard({
  contactId,
  name,
  companyName,
}: {
  contactId: string;
  name: string;
  companyName: string | null;
}) {
  const { t, i18n } = useTranslation('leads');
  const canWrite = hasRole(useSession().data?.user, 'agent');
  const factorText = useFactorText();
  const [dialog, setDialog] = useState<'convert' | 'disqualify' | null>(null);
  const lead = useQuery({
    queryKey: leadKeys.lead(contactId),
    queryFn: ({ signal }) => api<LeadDto>(`/leads/${contactId}`, { signal }),
    retry: (n, err) => !(err instanceof ApiError && err.status === 404) && n < 2,
  });
  const l = lead.data;
  if (!l) return null;
  const closed = l.convertedAt || l.disqualifiedAt;
  return (
    <Card withBorder padding="md" aria-label={t('card.title')} component="section">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('card.title')}
        </Title>
        <Badge
          size="lg"
          variant="light"
          color={scoreColor(l.score)}
          aria-label={`${t('card.points')}: ${l.score}`}
        >
          {l.score} {t('card.points')}
        </Badge>
      </Group>
      <Stack gap={6}>
        {l.rules.length ? (
          l.rules.map((r) => (
            <Group key={r.id} justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm">{r.name}</Text>
              <Text size="sm" fw={600} c={r.points >= 0 ? 'teal' : 'red'}>
                {r.points > 0 ? `+${r.points}` : r.points}
              </Text>
            </Group>
          ))
        ) : (
          <Text size="sm" c="dimmed">
            {t('card.noRules')}
          </Text>
        )}
        <Text size="sm" fw={600} mt="xs">
          {t('card.probability')}: {percent(l.probability, i18n.language)}
        </Text>
        {l.probability !== null ? (
          <>
            <Progress value={l.probability * 100} color="teal" size="sm" aria-hidden />
            {l.factors.map((f) => {
              const { label, up } = factorText(f);
              return (
                <Group key={f.feature} gap={6} wrap="nowrap">
                  {up ? (
                    <IconArrowUpRight size={16} color="teal" />
                  ) : (
                    <IconArrowDownRight size={16} color="red" />
                  )}
                  <Text size="sm">
                    {label} {up ? t('card.raises') : t('card.lowers')}
                  </Text>
                </Group>
              );
            })}
          </>
        ) : (
          <Text size="xs" c="dimmed">
            {t('card.noModel')}
          </Text>
        )}
        <Text size="xs" c="dimmed" mt="xs">
          {[
            t(`card.consent.${l.consent}`),
            l.submissions ? t('card.submissions', { count: l.submissions }) : null,
            l.campaign,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
        {l.convertedAt && (
          <Alert color="teal" p="xs">
            {t('card.converted', { date: formatDate(l.convertedAt, i18n.language) })}{' '}
            {l.dealId && (
              <Anchor component={Link} to={`/deals/${l.dealId}`} size="sm">
                {t('card.openDeal')}
              </Anchor>
            )}
          </Alert>
        )}
        {l.disqualifiedAt && (
          <Alert color="gray" p="xs">
            {t('card.disqualified', {
              date: formatDate(l.disqualifiedAt, i18n.language),
              reason: l.disqualifyReason,
            })}
          </Alert>
        )}
        {canWrite && !closed && l.lifecycleStage === 'lead' && (
          <Group mt="xs" gap="xs">
            <Button size="xs" onClick={() => setDialog('convert')}>
              {t('card.convert')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setDialog('disqualify')}>
              {t('card.disqualify')}
            </Button>
          </Group>
        )}
      </Stack>
      <ConvertModal
        opened={dialog === 'convert'}
        onClose={() => setDialog(null)}
        contactId={contactId}
        defaultTitle={[companyName ?? l.companyName, name].filter(Boolean).join(' — ')}
        defaultCompany={companyName ? null : l.companyName}
      />
      <DisqualifyModal
        opened={dialog === 'disqualify'}
        onClose={() => setDialog(null)}
        contactId={contactId}
      />
    </Card>
  );
}

function ConvertModal(props: {
  opened: boolean;
  onClose: () => void;
  contactId: string;
  defaultTitle: string;
  defaultCompany: string | null;
}) {
  const { t } = useTranslation('leads');
  const [withDeal, setWithDeal] = useState(true);
  const [title, setTitle] = useState(props.defaultTitle);
  const [amount, setAmount] = useState('');
  const defaultCurrency = useDefaultCurrency();
  const [picked, setCurrency] = useState<string | null>(null);
  const currency = picked ?? defaultCurrency;
  const [companyMode, setCompanyMode] = useState<'none' | 'new' | 'existing'>(
    props.defaultCompany ? 'new' : 'none',
  );
  const [companyName, setCompanyName] = useState(props.defaultCompany ?? '');
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const convert = useLeadWrite(
    (body: ConvertLeadInput) => api(`/leads/${props.contactId}/convert`, { method: 'POST', body }),
    { done: t('convert.done'), onDone: props.onClose, refreshAll: true },
  );
  const submit = () => {
    const minor = amount.trim() ? parseMajor(amount, currency) : undefined;
    if (minor === null || (minor !== undefined && minor < 0)) return setErrors({ amount: '0.00' });
    setErrors({});
    const company =
      companyMode === 'new' && companyName.trim()
        ? { name: companyName.trim() }
        : companyMode === 'existing' && companyId
          ? { companyId }
          : undefined;
    convert.mutate(
      {
        ...(withDeal
          ? { deal: { title: title.trim(), currency, ...(minor !== undefined ? { amount: minor } : {}) } }
          : {}),
        ...(company ? { company } : {}),
      },
      { onError: (err) => err instanceof ApiError && setErrors(err.fieldErrors()) },
    );
  };
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('convert.title')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Switch
            label={t('convert.createDeal')}
            checked={withDeal}
            onChange={(e) => setWithDeal(e.currentTarget.checked)}
          />
          {withDeal && (
            <>
              <TextInput
                label={t('convert.dealTitle')}
                value={title}
                onChange={(e) => setTitle(e.currentTarget.value)}
                required
                error={errors['deal.title']}
                data-autofocus
              />
              <Group grow>
                <TextInput
                  label={t('convert.amount')}
                  value={amount}
                  onChange={(e) => setAmount(e.currentTarget.value)}
                  inputMode="decimal"
                  error={errors.amount ?? errors['deal.amount']}
                />
                <Select
                  label={t('convert.currency')}
                  data={currencies}
                  value={currency}
                  onChange={(v) => v && setCurrency(v)}
                  searchable
                  allowDeselect={false}
                />
              </Group>
            </>
          )}
          <SegmentedControl
            aria-label={t('convert.company')}
            value={companyMode}
            onChange={(v) => setCompanyMode(v as typeof companyMode)}
            data={[
              { value: 'none', label: t('convert.companyNone') },
              { value: 'new', label: t('convert.companyNew') },
              { value: 'existing', label: t('convert.companyExisting') },
            ]}
          />
          {companyMode === 'new' && (
            <TextInput
              label={t('convert.companyName')}
              value={companyName}
              onChange={(e) => setCompanyName(e.currentTarget.value)}
              error={errors['company.name']}
            />
          )}
          {companyMode === 'existing' && (
            <CompanyPicker
              label={t('convert.company')}
              value={companyId}
              onChange={(id) => setCompanyId(id)}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={convert.isPending}>
              {t('convert.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DisqualifyModal(props: { opened: boolean; onClose: () => void; contactId: string }) {
  const { t } = useTranslation('leads');
  const [reason, setReason] = useState('');
  const disqualify = useLeadWrite(
    (body: { reason: string }) => api(`/leads/${props.contactId}/disqualify`, { method: 'POST', body }),
    { done: t('disqualify.done'), onDone: props.onClose },
  );
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('disqualify.title')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          disqualify.mutate({ reason: reason.trim() });
        }}
      >
        <Stack gap="sm">
          <Textarea
            label={t('disqualify.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            minLength={2}
            autosize
            minRows={2}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" color="red" loading={disqualify.isPending}>
              {t('disqualify.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
