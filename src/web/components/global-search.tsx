import { Group, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { IconBuilding, IconSearch, IconUser } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyDto } from '../../shared/companies.ts';
import type { ContactDto } from '../../shared/contacts.ts';
import { useUsers } from '../features/records/use-users.ts';
import { api, qs } from '../lib/api.ts';
import { contactName } from '../lib/format.ts';

/** Ctrl/⌘-K: one box that finds contacts and companies as you type (typo-tolerant on the server). */
export function GlobalSearch() {
  const { t } = useTranslation();
  const { t: tr } = useTranslation('records');
  const { nameOf } = useUsers();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 150);
  const { data, isFetching } = useQuery({
    queryKey: ['search', debounced],
    queryFn: ({ signal }) =>
      api<{ contacts: ContactDto[]; companies: CompanyDto[] }>(`/search${qs({ q: debounced, limit: 6 })}`, {
        signal,
      }),
    enabled: debounced.length > 0,
    placeholderData: (prev) => prev,
  });
  const go = (to: string) => {
    spotlight.close();
    setQuery('');
    void navigate({ to });
  };
  const contacts = debounced ? (data?.contacts ?? []) : [];
  const companies = debounced ? (data?.companies ?? []) : [];
  return (
    <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={['mod + K']} scrollable maxHeight={480}>
      <Spotlight.Search
        placeholder={t('search.placeholder')}
        aria-label={t('search.open')}
        leftSection={<IconSearch size={18} />}
      />
      <Spotlight.ActionsList>
        {contacts.length > 0 && (
          <Spotlight.ActionsGroup label={t('search.contacts')}>
            {contacts.map((c) => (
              <Spotlight.Action key={c.id} onClick={() => go(`/contacts/${c.id}`)}>
                <Group wrap="nowrap" gap="sm" p={4}>
                  <IconUser size={18} />
                  <div>
                    <Text size="sm">{contactName(c)}</Text>
                    <Text size="xs" c="dimmed">
                      {[c.emails[0]?.address, c.companyName].filter(Boolean).join(' · ')}
                    </Text>
                  </div>
                </Group>
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        )}
        {companies.length > 0 && (
          <Spotlight.ActionsGroup label={t('search.companies')}>
            {companies.map((c) => (
              <Spotlight.Action key={c.id} onClick={() => go(`/companies/${c.id}`)}>
                <Group wrap="nowrap" gap="sm" p={4}>
                  <IconBuilding size={18} />
                  <div>
                    <Text size="sm">{c.name}</Text>
                    <Text size="xs" c="dimmed">
                      {[
                        c.domain,
                        c.industry,
                        nameOf(c.ownerId) && `${tr('fields.accountManager')}: ${nameOf(c.ownerId)}`,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  </div>
                </Group>
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        )}
        {debounced && !isFetching && contacts.length === 0 && companies.length === 0 && (
          <Spotlight.Empty>{t('search.nothing')}</Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
