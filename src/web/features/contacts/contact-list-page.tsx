import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactDto } from '../../../shared/contacts.ts';
import { formatNumber } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { ImportButton } from '../imports/import-button.tsx';
import { RecordListPage } from '../records/record-list-page.tsx';
import { defaultContactColumns, useContactColumns } from './contact-columns.tsx';
import { ContactFormModal } from './contact-form.tsx';

/** /contacts */
export function ContactListPage() {
  const { t, i18n } = useTranslation('contacts');
  const navigate = useNavigate();
  const user = useSession().data?.user;
  const columns = useContactColumns();
  const [creating, setCreating] = useState(false);
  return (
    <RecordListPage<ContactDto>
      kind="contact"
      title={t('title')}
      newLabel={t('new')}
      allLabel={t('all')}
      searchLabel={t('search')}
      emptyTitle={t('emptyTitle')}
      emptyHint={t('emptyHint')}
      countLabel={(count, exact) =>
        t(exact ? 'count' : 'countAbout', { count, formatted: formatNumber(count, i18n.language) })
      }
      columns={columns}
      defaultColumns={defaultContactColumns}
      lockedColumns={['name']}
      rowHref={(c) => `/contacts/${c.id}`}
      canCreate={hasRole(user, 'agent')}
      onCreate={() => setCreating(true)}
      actions={<ImportButton entity="contacts" />}
    >
      <ContactFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        onSaved={(c) => void navigate({ to: `/contacts/${c.id}` })}
      />
    </RecordListPage>
  );
}
