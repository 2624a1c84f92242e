import { Alert, Anchor, Badge, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnMappingInput, ImportDto, ImportSettings } from '../../../shared/imports.ts';
import { usePageTitle } from '../records/use-page-title.ts';
import { useErrorMessage } from '../records/use-record-actions.ts';
import { CheckStep } from './check-step.tsx';
import { formatSize, ImportStatusBadge } from './import-parts.tsx';
import { MappingStep } from './mapping-step.tsx';
import { OptionsStep } from './options-step.tsx';
import type { WizardSearch, WizardStep } from './routes.tsx';
import { RunStep } from './run-step.tsx';
import { useImport, useUpdateImport } from './use-imports.ts';
import { WizardStepper } from './wizard-stepper.tsx';

const stepIndex: Record<WizardStep, number> = { map: 1, options: 2, check: 3, import: 4 };

/** Where an import stands decides the step a link opens; a draft may go back and forth freely. */
function allowedStep(dto: ImportDto, wanted: WizardStep | undefined): WizardStep {
  if (dto.status === 'dry_running') return 'check';
  if (dto.status !== 'draft') return 'import';
  if (wanted && wanted !== 'import') return wanted;
  return dto.dryRun ? 'check' : 'map';
}

/** Unsaved edits of the mapping and options; saved (PATCH) when the user moves to another step. */
export type Draft = { mapping?: ColumnMappingInput; settings?: ImportSettings };

/** /imports/$importId — steps 2 to 5 of the wizard for one import. */
export function ImportWizardPage() {
  const { t, i18n } = useTranslation('imports');
  const { importId } = useParams({ strict: false }) as { importId: string };
  const search = useSearch({ strict: false }) as WizardSearch;
  const navigate = useNavigate();
  const message = useErrorMessage();
  const query = useImport(importId);
  const update = useUpdateImport(importId);
  const [draft, setDraft] = useState<Draft>({});
  usePageTitle(query.data ? `${t('title')} · ${query.data.fileName}` : t('title'));

  if (query.isPending)
    return (
      <Center py={80}>
        <Loader aria-label={t('loading')} />
      </Center>
    );
  if (query.isError || !query.data)
    return (
      <Alert color="red" maw={640} role="alert">
        {message(query.error)}
      </Alert>
    );

  const dto = query.data;
  const step = allowedStep(dto, search.step);
  // Only real changes are sent: any change of mapping or settings discards the dry run on the server.
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const mapping = draft.mapping && !same(draft.mapping, dto.mapping) ? draft.mapping : undefined;
  const settings = draft.settings && !same(draft.settings, dto.settings) ? draft.settings : undefined;

  /** Saves the draft (if any) and opens the step; stays when the save fails (the error is shown). */
  const goTo = async (next: WizardStep) => {
    if (mapping || settings) {
      try {
        await update.mutateAsync({ mapping, settings });
        setDraft({});
      } catch {
        return;
      }
    } else setDraft({});
    void navigate({ to: `/imports/${dto.id}`, search: { step: next }, replace: false });
  };

  const selectable: WizardStep[] = dto.status === 'draft' ? ['map', 'options', 'check'] : [];
  const common = { dto, draft, setDraft, goTo, saving: update.isPending };

  return (
    <Stack gap="md" maw={1180}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Stack gap={2} miw={0}>
          <Group gap="sm" wrap="wrap">
            <Title order={1} size="h2">
              {t(`title_${dto.entity}`)}
            </Title>
            <ImportStatusBadge status={dto.status} />
          </Group>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" c="dimmed" truncate maw={420}>
              {dto.fileName}
            </Text>
            <Badge variant="default" radius="sm" size="sm">
              {dto.format.toUpperCase()}
            </Badge>
            <Text size="xs" c="dimmed">
              {formatSize(dto.fileSize, i18n.language)}
            </Text>
          </Group>
        </Stack>
        <Anchor component={Link} to="/imports" size="sm">
          {t('backToList')}
        </Anchor>
      </Group>
      <WizardStepper
        active={dto.status === 'done' || dto.status === 'undone' ? 5 : stepIndex[step]}
        selectable={selectable}
        onSelect={(s) => void goTo(s)}
      />
      {step === 'map' && <MappingStep {...common} />}
      {step === 'options' && <OptionsStep {...common} />}
      {step === 'check' && <CheckStep {...common} />}
      {step === 'import' && <RunStep dto={dto} />}
    </Stack>
  );
}

export type StepProps = {
  dto: ImportDto;
  draft: Draft;
  setDraft: (d: Draft | ((d: Draft) => Draft)) => void;
  goTo: (step: WizardStep) => Promise<void>;
  saving: boolean;
};
