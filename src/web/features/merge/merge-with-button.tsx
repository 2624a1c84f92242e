import { Button, Group, Modal, Select, Stack } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowsJoin } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MergeEntity } from '../../../shared/merge.ts';
import { api, qs } from '../../lib/api.ts';
import { contactName } from '../../lib/format.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { pathOf } from './use-merge.ts';

type Found = {
  id: string;
  name?: string;
  firstName?: string;
  lastName?: string;
  emails?: { address: string }[];
  domain?: string | null;
  companyName?: string | null;
};

/** "Merge with…" on a contact or company page: find the duplicate, then compare both side by side. */
export function MergeWithButton({ entity, id, name }: { entity: MergeEntity; id: string; name: string }) {
  const { t } = useTranslation('merge');
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [other, setOther] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const found = useQuery({
    queryKey: ['merge-with', entity, debounced],
    queryFn: ({ signal }) =>
      api<{ data: Found[] }>(`/${pathOf(entity)}${qs({ q: debounced, limit: 10 })}`, { signal }),
    enabled: open && debounced.length > 1,
    placeholderData: keepPreviousData,
  });
  if (!hasRole(useSession().data?.user, 'agent')) return null;
  const describe = (r: Found) =>
    entity === 'company'
      ? [r.name, r.domain].filter(Boolean).join(' · ')
      : [contactName(r as never), r.emails?.[0]?.address, r.companyName].filter(Boolean).join(' · ');
  const data = (found.data?.data ?? [])
    .filter((r) => r.id !== id)
    .map((r) => ({ value: r.id, label: describe(r) }));
  const close = () => {
    setOpen(false);
    setOther(null);
    setSearch('');
  };
  return (
    <>
      <Button variant="default" leftSection={<IconArrowsJoin size={16} />} onClick={() => setOpen(true)}>
        {t('mergeWith')}
      </Button>
      <Modal opened={open} onClose={close} title={t('mergeWithTitle', { name })}>
        <Stack>
          <Select
            label={t('find')}
            placeholder={t('findPlaceholder')}
            searchable
            data-autofocus
            data={data}
            value={other}
            onChange={setOther}
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            nothingFoundMessage={debounced.length > 1 ? t('nothingFound') : undefined}
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end">
            <Button
              disabled={!other}
              onClick={() => {
                if (!other) return;
                close();
                void navigate({ to: '/duplicates/merge', search: { entity, keep: id, other } });
              }}
            >
              {t('compare')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
