import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';

/** Routes of this feature, under the signed-in layout: the lead list, forms, scoring and assignment rules. */
export function leadsRoutes(parent: AnyRoute): AnyRoute[] {
  const page = (path: string, file: () => Promise<Record<string, unknown>>, name: string) =>
    createRoute({
      getParentRoute: () => parent,
      path,
      component: lazyRouteComponent(file as never, name as never),
      pendingComponent: RoutePending,
    });
  return [
    page('/leads', () => import('./leads-page.tsx'), 'LeadsPage'),
    page('/leads/forms', () => import('./lead-forms-page.tsx'), 'LeadFormsPage'),
    page('/leads/scoring', () => import('./scoring-page.tsx'), 'ScoringPage'),
    page('/leads/assignment', () => import('./assignment-page.tsx'), 'AssignmentPage'),
  ];
}
