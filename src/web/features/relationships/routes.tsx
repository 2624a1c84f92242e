import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';

/** Routes of this feature, mounted under the signed-in layout. */
export function relationshipsRoutes(parent: AnyRoute): AnyRoute[] {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/stay-in-touch',
      component: lazyRouteComponent(() => import('./stay-in-touch-page.tsx'), 'StayInTouchPage'),
      pendingComponent: RoutePending,
    }),
  ];
}
