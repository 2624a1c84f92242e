import {
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { lifecycleStages } from '../../../shared/crm.ts';
import type { ImportSettings } from '../../../shared/imports.ts';
import { countryOptions } from '../../lib/countries.ts';
import { useUsers } from '../records/use-users.ts';
import {
  canUpdate,
  duplicateRulesOf,
  hasFuzzy,
  hasOwner,
  hasPartyDefaults,
  modesOf,
} from './entity-rules.ts';
import type { StepProps } from './import-wizard-page.tsx';
import { useImportTargets } from './use-imports.ts';

const AUTO = 'auto';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** Step 3: create or update, how rows find their record, how values are read, what new records get. */
export function OptionsStep({ dto, draft, setDraft, goTo, saving }: StepProps) {
  const { t, i18n } = useTranslation('imports');
  const { t: tc } = useTranslation();
  const targets = useImportTargets(dto.entity).data ?? [];
  const { users } = useUsers();
  const s = draft.settings ?? dto.settings;
  const set = (patch: Partial<ImportSettings>) =>
    setDraft((d) => ({ ...d, settings: { ...(d.settings ?? dto.settings), ...patch } }));
  const mapped = new Set((draft.mapping ?? dto.mapping).map((m) => m.target));
  const matchable = targets.filter((x) => x.matchable && mapped.has(x.key));
  const entity = dto.entity;
  const modes = modesOf(entity);
  const rules = duplicateRulesOf(entity);
  const party = hasPartyDefaults(entity);
  const owner = hasOwner(entity);
  // Read with national phone numbers and addresses without a country: people and companies, and the
  // customers' phones and shipping addresses of orders, the contacts' phones of interactions.
  const countryMatters =
    party || targets.some((x) => x.type === 'phone' || x.type === 'phones' || x.type === 'country');
  /** Updating needs a match key: leaving "create", the first field a column fills is taken. */
  const setMode = (mode: ImportSettings['mode']) =>
    set(
      mode !== 'create' && s.match === 'none' && matchable[0] ? { mode, match: matchable[0].key } : { mode },
    );
  const matchData = matchable.map((x) => ({ value: x.key, label: x.label }));
  // Loading a clean file into an empty CRM: no look-ups at all (create mode only).
  if (s.mode === 'create') matchData.push({ value: 'none', label: t('options.matchNone') });
  if (s.match !== 'none' && !matchable.some((x) => x.key === s.match))
    matchData.push({ value: s.match, label: targets.find((x) => x.key === s.match)?.label ?? s.match });
  const matchMissing = (s.match === 'none' || !mapped.has(s.match)) && s.mode !== 'create';
  const contacts = entity === 'contacts';

  return (
    <Stack gap="md">
      <Section title={t('options.matching')}>
        <Stack gap="md">
          <Radio.Group
            label={t('options.mode')}
            value={s.mode}
            onChange={(v) => setMode(v as ImportSettings['mode'])}
          >
            <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs" spacing="sm">
              {modes.map((m) => (
                <Radio
                  key={m}
                  value={m}
                  label={t(`options.modes.${m}`)}
                  description={
                    canUpdate(entity) ? t(`options.modeHints.${m}`) : t('options.modeHints.createOnly')
                  }
                />
              ))}
            </SimpleGrid>
          </Radio.Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('options.match')}
              description={t('options.matchHint')}
              data={matchData}
              value={s.match}
              onChange={(v) => v && set({ match: v })}
              allowDeselect={false}
              error={matchMissing ? t('options.matchMissing') : undefined}
              comboboxProps={{ keepMounted: false }}
            />
            {s.mode === 'create' && s.match !== 'none' && rules.length > 1 && (
              <Select
                label={t('options.duplicates')}
                description={t('options.duplicatesHint')}
                data={rules.map((r) => ({ value: r, label: t(`options.duplicateRules.${r}`) }))}
                value={s.duplicates}
                onChange={(v) => v && set({ duplicates: v as ImportSettings['duplicates'] })}
                allowDeselect={false}
                comboboxProps={{ keepMounted: false }}
              />
            )}
          </SimpleGrid>
          {!canUpdate(entity) && s.match !== 'none' && (
            <Text size="sm" c="dimmed">
              {t(`options.repeatSkipped_${entity}`)}
            </Text>
          )}
          {hasFuzzy(entity) && (
            <Checkbox
              label={t('options.fuzzy')}
              description={t('options.fuzzyHint')}
              checked={s.fuzzy}
              onChange={(e) => set({ fuzzy: e.currentTarget.checked })}
            />
          )}
        </Stack>
      </Section>
      <Section title={t('options.reading')}>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: countryMatters ? 3 : 2 }} spacing="md">
            <Select
              label={t('options.dateOrder')}
              data={[AUTO, 'dmy', 'mdy', 'ymd'].map((o) => ({
                value: o,
                label: t(`options.dateOrders.${o}`),
              }))}
              value={s.dateOrder ?? AUTO}
              onChange={(v) =>
                set({ dateOrder: !v || v === AUTO ? null : (v as ImportSettings['dateOrder']) })
              }
              allowDeselect={false}
              comboboxProps={{ keepMounted: false }}
            />
            <Select
              label={t('options.decimal')}
              data={[AUTO, 'comma', 'point'].map((o) => ({ value: o, label: t(`options.decimals.${o}`) }))}
              value={s.decimal ?? AUTO}
              onChange={(v) => set({ decimal: !v || v === AUTO ? null : (v as ImportSettings['decimal']) })}
              allowDeselect={false}
              comboboxProps={{ keepMounted: false }}
            />
            {countryMatters && (
              <Select
                label={t('options.defaultCountry')}
                description={t('options.defaultCountryHint')}
                placeholder={t('options.none')}
                data={countryOptions(i18n.language)}
                value={s.defaultCountry}
                onChange={(v) => set({ defaultCountry: v })}
                searchable
                clearable
                comboboxProps={{ keepMounted: false }}
              />
            )}
          </SimpleGrid>
          <Checkbox
            label={t('options.keepValidRows')}
            description={t('options.keepValidRowsHint')}
            checked={s.keepValidRows}
            onChange={(e) => set({ keepValidRows: e.currentTarget.checked })}
          />
        </Stack>
      </Section>
      {owner && (
        <Section title={t('options.records')}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: contacts ? 3 : 2 }} spacing="md">
              {party && (
                <TagsInput
                  label={t('options.tags')}
                  description={t('options.tagsHint')}
                  value={s.tags}
                  onChange={(tags) => set({ tags })}
                  clearable
                  maxTags={50}
                  comboboxProps={{ keepMounted: false }}
                />
              )}
              <Select
                label={t('options.owner')}
                description={t('options.ownerHint')}
                placeholder={t('options.ownerMe')}
                data={users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name || u.email }))}
                value={s.ownerId}
                onChange={(v) => set({ ownerId: v })}
                searchable
                clearable
                comboboxProps={{ keepMounted: false }}
              />
              {contacts && (
                <Select
                  label={t('options.lifecycle')}
                  description={t('options.lifecycleHint')}
                  placeholder={t('options.asInFile')}
                  data={lifecycleStages.map((x) => ({ value: x, label: tc(`lifecycle.${x}`) }))}
                  value={s.lifecycleStage}
                  onChange={(v) => set({ lifecycleStage: v as ImportSettings['lifecycleStage'] })}
                  clearable
                  comboboxProps={{ keepMounted: false }}
                />
              )}
            </SimpleGrid>
            {contacts && (
              <Checkbox
                label={t('options.createCompanies')}
                description={t('options.createCompaniesHint')}
                checked={s.createCompanies}
                onChange={(e) => set({ createCompanies: e.currentTarget.checked })}
              />
            )}
          </Stack>
        </Section>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={() => void goTo('map')} disabled={saving}>
          {t('back.map')}
        </Button>
        <Button onClick={() => void goTo('check')} loading={saving}>
          {t('next.check')}
        </Button>
      </Group>
    </Stack>
  );
}
