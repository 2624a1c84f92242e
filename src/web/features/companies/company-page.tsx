import { Grid, Group, Stack, Tabs } from '@mantine/core';
import { IconHistory, IconId, IconTimeline, IconUsers } from '@tabler/icons-react';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyDto } from '../../../shared/companies.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { CustomerValueCard } from '../analytics/customer-value-card.tsx';
import { UpcomingEventsCard } from '../calendar/upcoming-events-card.tsx';
import { RecordDealsCard } from '../deals/record-deals-card.tsx';
import { RecordDownloads } from '../exports/record-downloads.tsx';
import { RecordRevenueCard } from '../invoices/record-revenue-card.tsx';
import { MergeWithButton } from '../merge/merge-with-button.tsx';
import { RecordOrdersCard } from '../orders/record-orders-card.tsx';
import { RecordQuotesCard } from '../quotes/record-quotes-card.tsx';
import { DeletedBanner } from '../records/deleted-banner.tsx';
import { ExternalLink } from '../records/field-value.tsx';
import { HistoryTab } from '../records/history-tab.tsx';
import { RecordActions } from '../records/record-actions.tsx';
import { initialsOf, RecordHeader } from '../records/record-header.tsx';
import { RecordState } from '../records/record-state.tsx';
import { usePageTitle } from '../records/use-page-title.ts';
import { useRecord } from '../records/use-record.ts';
import { useRecordActions } from '../records/use-record-actions.ts';
import { RecordTasksCard } from '../tasks/record-tasks-card.tsx';
import { type QuickLog, TimelinePanel, useQuickLogShortcuts } from '../timeline/timeline-panel.tsx';
import { CompanyContacts } from './company-contacts.tsx';
import { CompanyDetails } from './company-details.tsx';
import { CompanyFormModal } from './company-form.tsx';

/** /companies/$id */
export function CompanyPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const { t } = useTranslation('companies');
  const { t: tr } = useTranslation('records');
  const { t: tt } = useTranslation('timeline');
  const q = useRecord<CompanyDto>('company', id);
  const user = useSession().data?.user;
  const { restore } = useRecordActions('company');
  const [editing, setEditing] = useState(false);
  const [tab, setTab] = useState<string | null>('overview');
  const [quickLog, setQuickLog] = useState<QuickLog | null>(null);
  useQuickLogShortcuts((next) => {
    setTab('timeline');
    setQuickLog(next);
  });
  usePageTitle(q.data?.name);
  if (!q.data)
    return (
      <RecordState
        error={q.error}
        listPath="/companies"
        listLabel={t('title')}
        onRetry={() => void q.refetch()}
      />
    );
  const c = q.data;
  const subtitle = (
    <>
      {c.website ? <ExternalLink href={c.website}>{c.domain ?? c.website}</ExternalLink> : c.domain}
      {(c.website || c.domain) && c.industry && ' · '}
      {c.industry}
    </>
  );
  return (
    <Stack gap="lg" maw={1280}>
      {c.deletedAt && (
        <DeletedBanner
          deletedAt={c.deletedAt}
          canRestore={hasRole(user, 'agent')}
          busy={restore.isPending}
          onRestore={() => restore.mutate(c.id)}
        />
      )}
      <RecordHeader
        listLabel={t('title')}
        listPath="/companies"
        name={c.name}
        initials={initialsOf(c.name)}
        color="indigo"
        subtitle={subtitle}
        lifecycleStage={c.lifecycleStage}
        ownerId={c.ownerId}
        ownerLabel={tr('fields.accountManager')}
        tags={c.tags}
        actions={
          <Group gap="xs" wrap="nowrap">
            {!c.deletedAt && <MergeWithButton entity="company" id={c.id} name={c.name} />}
            {!c.deletedAt && <RecordDownloads kind="company" id={c.id} />}
            <RecordActions kind="company" record={c} name={c.name} onEdit={() => setEditing(true)} />
          </Group>
        }
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview" leftSection={<IconId size={16} />}>
            {tr('record.overview')}
          </Tabs.Tab>
          <Tabs.Tab value="contacts" leftSection={<IconUsers size={16} />}>
            {t('contacts', { count: c.contactCount ?? 0 })}
          </Tabs.Tab>
          <Tabs.Tab value="timeline" leftSection={<IconTimeline size={16} />}>
            {tt('tab')}
          </Tabs.Tab>
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>
            {tr('record.history')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <Grid gutter="md">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Stack gap="md">
                <CompanyDetails company={c} />
                <CustomerValueCard kind="company" id={c.id} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Stack gap="md">
                <CompanyContacts company={c} compact onShowAll={() => setTab('contacts')} />
                <RecordRevenueCard kind="company" id={c.id} name={c.name} />
                <RecordDealsCard kind="company" id={c.id} name={c.name} />
                <RecordTasksCard kind="company" id={c.id} name={c.name} />
                <RecordQuotesCard kind="company" id={c.id} name={c.name} />
                <RecordOrdersCard kind="company" id={c.id} name={c.name} />
                <UpcomingEventsCard kind="company" id={c.id} name={c.name} />
              </Stack>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="contacts" pt="md">
          <CompanyContacts company={c} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <TimelinePanel kind="company" id={c.id} quickLog={quickLog} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <HistoryTab kind="company" id={c.id} />
        </Tabs.Panel>
      </Tabs>
      <CompanyFormModal opened={editing} onClose={() => setEditing(false)} company={c} />
    </Stack>
  );
}
