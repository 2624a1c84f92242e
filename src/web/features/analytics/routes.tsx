import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';

/** Routes of this feature, mounted under the signed-in layout (the settings section is in settings/routes). */
export function analyticsRoutes(parent: AnyRoute): AnyRoute[] {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/customer-value',
      component: lazyRouteComponent(() => import('./customer-value-page.tsx'), 'CustomerValuePage'),
      pendingComponent: RoutePending,
    }),
  ];
}
