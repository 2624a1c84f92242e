import { Button } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ImportEntity } from '../../../shared/imports.ts';
import { hasRole, useSession } from '../../lib/session.ts';

/** "Import" in the toolbars of the record lists (contacts, companies, deals, products, orders): opens the wizard for that record type. */
export function ImportButton({ entity }: { entity: ImportEntity }) {
  const { t } = useTranslation('imports');
  if (!hasRole(useSession().data?.user, 'agent')) return null;
  return (
    <Button
      component={Link}
      to="/imports/new"
      search={{ entity } as never}
      variant="default"
      leftSection={<IconFileImport size={16} />}
    >
      {t('importButton')}
    </Button>
  );
}
