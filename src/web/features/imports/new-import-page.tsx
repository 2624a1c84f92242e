import {
  Alert,
  Anchor,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ImportEntity, importEntities, importRoles } from '../../../shared/imports.ts';
import { ApiError } from '../../lib/api.ts';
import { hasRole, useSession } from '../../lib/session.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { DropZone } from './drop-zone.tsx';
import { formatSize } from './import-parts.tsx';
import type { NewImportSearch } from './routes.tsx';
import { hasAcceptedExtension, uploadFile } from './upload-file.ts';
import { useCreateImport, useSavedMappings } from './use-imports.ts';
import { WizardStepper } from './wizard-stepper.tsx';

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; name: string; size: number; progress: number }
  | { kind: 'reading'; name: string };

/** /imports/new — step 1: what the file holds, the file itself (uploaded with progress), a saved mapping. */
export function NewImportPage() {
  const { t, i18n } = useTranslation('imports');
  const search = useSearch({ strict: false }) as NewImportSearch;
  const navigate = useNavigate();
  const session = useSession().data;
  const message = useErrorMessage();
  // Only the record types this user's role may import (products are a manager's, as in their API).
  const allowed = importEntities.filter((e) => hasRole(session?.user, importRoles[e]));
  const [entity, setEntity] = useState<ImportEntity>(
    search.entity && allowed.includes(search.entity) ? search.entity : 'contacts',
  );
  const [mappingId, setMappingId] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const mappings = useSavedMappings(entity);
  const create = useCreateImport();
  // Six record types do not fit side by side on a phone: there they are stacked.
  const wide = useMediaQuery('(min-width: 48em)', true);
  usePageTitle(t('upload.title'));

  const failure = (err: unknown, name: string) => {
    if (err instanceof ApiError && err.status === 413) return t('upload.tooLarge', { name });
    if (err instanceof ApiError && (err.status === 422 || err.status === 415))
      return t('upload.unreadable', { name, detail: err.message });
    return message(err);
  };

  const onFile = async (file: File) => {
    setError(null);
    if (!hasAcceptedExtension(file.name)) {
      setError(t('upload.wrongType', { name: file.name }));
      return;
    }
    try {
      setPhase({ kind: 'uploading', name: file.name, size: file.size, progress: 0 });
      const stored = await uploadFile(file, {
        csrfToken: session?.csrfToken ?? null,
        onProgress: (progress) => setPhase({ kind: 'uploading', name: file.name, size: file.size, progress }),
      });
      setPhase({ kind: 'reading', name: file.name });
      const created = await create.mutateAsync({
        fileId: stored.id,
        entity,
        ...(mappingId ? { mappingId } : {}),
      });
      void navigate({ to: `/imports/${created.id}`, search: { step: 'map' } });
    } catch (err) {
      setPhase({ kind: 'idle' });
      setError(failure(err, file.name));
    }
  };

  const busy = phase.kind !== 'idle';
  if (!hasRole(session?.user, 'agent'))
    return (
      <Alert color="red" maw={640}>
        {t('forbidden')}
      </Alert>
    );

  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t('upload.title')}
        </Title>
        <Anchor component={Link} to="/imports" size="sm">
          {t('backToList')}
        </Anchor>
      </Group>
      <WizardStepper active={0} />
      <Paper withBorder p="lg" radius="md">
        <Stack gap="md">
          <Group gap="xl" align="flex-end" wrap="wrap">
            <Stack gap={4} w={wide ? undefined : '100%'}>
              <Text size="sm" fw={500} id="import-entity-label">
                {t('upload.entity')}
              </Text>
              <SegmentedControl
                aria-labelledby="import-entity-label"
                value={entity}
                onChange={(v) => {
                  setEntity(v as ImportEntity);
                  setMappingId(null);
                }}
                data={allowed.map((e) => ({ value: e, label: t(`entity.${e}`) }))}
                disabled={busy}
                orientation={wide ? 'horizontal' : 'vertical'}
                fullWidth={!wide}
              />
            </Stack>
            <Select
              label={t('upload.mapping')}
              description={t('upload.mappingHint')}
              placeholder={t('upload.mappingNone')}
              data={(mappings.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
              value={mappingId}
              onChange={setMappingId}
              clearable
              searchable
              disabled={busy || !mappings.data?.length}
              w={300}
              comboboxProps={{ keepMounted: false }}
            />
          </Group>
          <DropZone disabled={busy} onFile={(f) => void onFile(f)} />
          {phase.kind === 'uploading' && (
            <Stack gap={4} aria-live="polite">
              <Text size="sm">
                {t('upload.uploading', {
                  name: phase.name,
                  size: formatSize(phase.size, i18n.language),
                  percent: Math.round(phase.progress * 100),
                })}
              </Text>
              <Progress value={phase.progress * 100} aria-label={t('upload.progress')} animated />
            </Stack>
          )}
          {phase.kind === 'reading' && (
            <Stack gap={4} aria-live="polite">
              <Text size="sm">{t('upload.reading', { name: phase.name })}</Text>
              <Progress value={100} aria-label={t('upload.progress')} animated striped />
            </Stack>
          )}
          {error && (
            <Alert color="red" icon={<IconAlertTriangle />} title={t('upload.failed')} role="alert">
              {error}
            </Alert>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
