import { Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { CompanyDto } from '../../../shared/companies.ts';
import { api } from '../../lib/api.ts';
import { recordKeys } from './record-types.ts';

/** A company's name as a link, looked up by id (cached), e.g. for a contact's company in the history. */
export function CompanyName({ id, name, plain }: { id: string; name?: string | null; plain?: boolean }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: recordKeys.detail('company', id),
    queryFn: ({ signal }) => api<CompanyDto>(`/companies/${id}?includeDeleted=true`, { signal }),
    enabled: !name,
    staleTime: 60_000,
    retry: false,
  });
  const label = name ?? q.data?.name ?? (q.isError ? t('states.none') : '…');
  if (q.isError || plain) return <>{label}</>;
  return (
    <Anchor
      component={Link}
      to={`/companies/${id}`}
      size="sm"
      onClick={(e: React.MouseEvent) => e.stopPropagation()}
    >
      {label}
    </Anchor>
  );
}
