import { Grid, Group, Stack, Tabs } from '@mantine/core';
import { IconHistory, IconId, IconTimeline } from '@tabler/icons-react';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactDto } from '../../../shared/contacts.ts';
import { contactName } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { CustomerValueCard } from '../analytics/customer-value-card.tsx';
import { SubjectExportButton } from '../backup/subject-export-button.tsx';
import { UpcomingEventsCard } from '../calendar/upcoming-events-card.tsx';
import { RecordDealsCard } from '../deals/record-deals-card.tsx';
import { RecordDownloads } from '../exports/record-downloads.tsx';
import { RecordRevenueCard } from '../invoices/record-revenue-card.tsx';
import { LeadCard } from '../leads/lead-card.tsx';
import { MergeWithButton } from '../merge/merge-with-button.tsx';
import { RecordOrdersCard } from '../orders/record-orders-card.tsx';
import { RecordQuotesCard } from '../quotes/record-quotes-card.tsx';
import { CompanyName } from '../records/company-name.tsx';
import { DeletedBanner } from '../records/deleted-banner.tsx';
import { HistoryTab } from '../records/history-tab.tsx';
import { RecordActions } from '../records/record-actions.tsx';
import { initialsOf, RecordHeader } from '../records/record-header.tsx';
import { RecordState } from '../records/record-state.tsx';
import { usePageTitle } from '../records/use-page-title.ts';
import { useRecord } from '../records/use-record.ts';
import { useRecordActions } from '../records/use-record-actions.ts';
import { RelationshipCard } from '../relationships/relationship-card.tsx';
import { RecordTasksCard } from '../tasks/record-tasks-card.tsx';
import { type QuickLog, TimelinePanel, useQuickLogShortcuts } from '../timeline/timeline-panel.tsx';
import { ContactCompanyCard } from './contact-company-card.tsx';
import { ContactDetails } from './contact-details.tsx';
import { ContactFormModal } from './contact-form.tsx';

/** /contacts/$id */
export function ContactPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const { t } = useTranslation('contacts');
  const { t: tr } = useTranslation('records');
  const { t: tt } = useTranslation('timeline');
  const q = useRecord<ContactDto>('contact', id);
  const user = useSession().data?.user;
  const { restore } = useRecordActions('contact');
  const [editing, setEditing] = useState(false);
  const [tab, setTab] = useState<string | null>('overview');
  const [quickLog, setQuickLog] = useState<QuickLog | null>(null);
  useQuickLogShortcuts((next) => {
    setTab('timeline');
    setQuickLog(next);
  });
  usePageTitle(q.data ? contactName(q.data) : null);
  if (!q.data)
    return (
      <RecordState
        error={q.error}
        listPath="/contacts"
        listLabel={t('title')}
        onRetry={() => void q.refetch()}
      />
    );
  const c = q.data;
  const name = contactName(c);
  const subtitle =
    c.jobTitle || c.companyId ? (
      <>
        {c.jobTitle}
        {c.jobTitle && c.companyId && ` ${t('at')} `}
        {c.companyId && <CompanyName id={c.companyId} name={c.companyName} />}
      </>
    ) : (
      c.emails[0]?.address
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
        listPath="/contacts"
        name={name}
        initials={initialsOf(name)}
        subtitle={subtitle}
        lifecycleStage={c.lifecycleStage}
        ownerId={c.ownerId}
        tags={c.tags}
        actions={
          <Group gap="xs" wrap="nowrap">
            {!c.deletedAt && <MergeWithButton entity="contact" id={c.id} name={name} />}
            {hasRole(user, 'manager') && <SubjectExportButton contactId={c.id} name={name} />}
            {!c.deletedAt && <RecordDownloads kind="contact" id={c.id} />}
            <RecordActions kind="contact" record={c} name={name} onEdit={() => setEditing(true)} />
          </Group>
        }
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview" leftSection={<IconId size={16} />}>
            {tr('record.overview')}
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
                <ContactDetails contact={c} />
                <CustomerValueCard kind="contact" id={c.id} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Stack gap="md">
                {c.lifecycleStage === 'lead' && (
                  <LeadCard contactId={c.id} name={name} companyName={c.companyName} />
                )}
                <ContactCompanyCard contact={c} />
                <RelationshipCard contact={c} />
                <RecordRevenueCard kind="contact" id={c.id} name={name} />
                <RecordDealsCard kind="contact" id={c.id} name={name} />
                <RecordTasksCard kind="contact" id={c.id} name={name} />
                <RecordQuotesCard kind="contact" id={c.id} name={name} />
                <RecordOrdersCard kind="contact" id={c.id} name={name} />
                <UpcomingEventsCard kind="contact" id={c.id} name={name} />
              </Stack>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <TimelinePanel kind="contact" id={c.id} quickLog={quickLog} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <HistoryTab kind="contact" id={c.id} />
        </Tabs.Panel>
      </Tabs>
      <ContactFormModal opened={editing} onClose={() => setEditing(false)} contact={c} />
    </Stack>
  );
}
