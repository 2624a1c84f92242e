import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';

/** Routes of this feature, mounted under the signed-in layout. */
export function journeyRoutes(parent: AnyRoute): AnyRoute[] {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/journey',
      component: lazyRouteComponent(() => import('./journey-flow-page.tsx'), 'JourneyFlowPage'),
      pendingComponent: RoutePending,
    }),
  ];
}
