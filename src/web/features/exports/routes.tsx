import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';

/** /exports: the caller's recent exports. */
export function exportsRoutes(parent: AnyRoute): AnyRoute[] {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/exports',
      component: lazyRouteComponent(() => import('./exports-page.tsx'), 'ExportsPage'),
      pendingComponent: RoutePending,
    }),
  ];
}
