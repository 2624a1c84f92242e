import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyDto } from '../../../shared/companies.ts';
import { formatNumber } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { ImportButton } from '../imports/import-button.tsx';
import { RecordListPage } from '../records/record-list-page.tsx';
import { defaultCompanyColumns, useCompanyColumns } from './company-columns.tsx';
import { CompanyFormModal } from './company-form.tsx';

/** /companies */
export function CompanyListPage() {
  const { t, i18n } = useTranslation('companies');
  const navigate = useNavigate();
  const user = useSession().data?.user;
  const columns = useCompanyColumns();
  const [creating, setCreating] = useState(false);
  return (
    <RecordListPage<CompanyDto>
      kind="company"
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
      defaultColumns={defaultCompanyColumns}
      lockedColumns={['name']}
      rowHref={(c) => `/companies/${c.id}`}
      canCreate={hasRole(user, 'agent')}
      onCreate={() => setCreating(true)}
      actions={<ImportButton entity="companies" />}
    >
      <CompanyFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        onSaved={(c) => void navigate({ to: `/companies/${c.id}` })}
      />
    </RecordListPage>
  );
}
