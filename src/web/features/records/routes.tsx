import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from './route-pending.tsx';

/** Routes of this feature, mounted under the signed-in layout. */
export function recordsRoutes(parent: AnyRoute): AnyRoute[] {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/recycle-bin',
      component: lazyRouteComponent(() => import('./recycle-bin-page.tsx'), 'RecycleBinPage'),
      pendingComponent: RoutePending,
    }),
  ];
}
