import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { type ImportEntity, importEntities } from '../../../shared/imports.ts';
import { RoutePending } from '../records/route-pending.tsx';

export const wizardSteps = ['map', 'options', 'check', 'import'] as const;
export type WizardStep = (typeof wizardSteps)[number];
export type NewImportSearch = { entity?: ImportEntity };
export type WizardSearch = { step?: WizardStep };

/**
 * Routes of this feature, under the signed-in layout: recent imports, the upload (step 1) and the wizard
 * for one import — its id in the URL, so a reload or a colleague's link resumes it at the same step.
 */
export function importsRoutes(parent: AnyRoute): AnyRoute[] {
  const list = createRoute({
    getParentRoute: () => parent,
    path: '/imports',
    component: lazyRouteComponent(() => import('./imports-page.tsx'), 'ImportsPage'),
    pendingComponent: RoutePending,
  });
  const upload = createRoute({
    getParentRoute: () => parent,
    path: '/imports/new',
    validateSearch: (s: Record<string, unknown>): NewImportSearch => ({
      entity: importEntities.find((e) => e === s.entity),
    }),
    component: lazyRouteComponent(() => import('./new-import-page.tsx'), 'NewImportPage'),
    pendingComponent: RoutePending,
  });
  const wizard = createRoute({
    getParentRoute: () => parent,
    path: '/imports/$importId',
    validateSearch: (s: Record<string, unknown>): WizardSearch => ({
      step: wizardSteps.find((x) => x === s.step),
    }),
    component: lazyRouteComponent(() => import('./import-wizard-page.tsx'), 'ImportWizardPage'),
    pendingComponent: RoutePending,
  });
  return [list, upload, wizard];
}
