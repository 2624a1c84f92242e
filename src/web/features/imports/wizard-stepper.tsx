import { Stepper, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { WizardStep } from './routes.tsx';

const steps = ['upload', 'map', 'options', 'check', 'import'] as const;

type Props = {
  /** 0 = upload … 4 = import; 5 = all done. */
  active: number;
  /** The steps a click may open (the others are locked: done, or not reached yet). */
  selectable?: readonly WizardStep[];
  onSelect?: (step: WizardStep) => void;
};

/**
 * The five steps of an import, as a header the user can click back through while it is a draft. Phones
 * get one line ("Step 3 of 5 · Options"); the descriptions show only where there is room for them.
 */
export function WizardStepper({ active, selectable = [], onSelect }: Props) {
  const { t } = useTranslation('imports');
  const wide = useMediaQuery('(min-width: 48em)', true);
  const roomy = useMediaQuery('(min-width: 90em)', false);
  if (!wide) {
    const current = steps[Math.min(active, steps.length - 1)]!;
    return (
      <Text size="sm" c="dimmed" aria-label={t('steps.label')}>
        {t('steps.mobile', {
          n: Math.min(active + 1, steps.length),
          total: steps.length,
          name: t(`steps.${current}`),
        })}
      </Text>
    );
  }
  return (
    <Stepper
      active={active}
      size="sm"
      aria-label={t('steps.label')}
      onStepClick={(i) => {
        const step = steps[i];
        if (step && step !== 'upload' && selectable.includes(step)) onSelect?.(step);
      }}
      wrap={false}
    >
      {steps.map((s) => (
        <Stepper.Step
          key={s}
          label={t(`steps.${s}`)}
          description={roomy ? t(`steps.${s}Hint`) : undefined}
          allowStepSelect={s !== 'upload' && selectable.includes(s)}
          aria-current={steps[active] === s ? 'step' : undefined}
        />
      ))}
    </Stepper>
  );
}
