import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';

/** Routes of this feature, mounted under the signed-in layout; pages load on demand. */
export function contactsRoutes(parent: AnyRoute): AnyRoute[] {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/contacts',
      component: lazyRouteComponent(() => import('./contact-list-page.tsx'), 'ContactListPage'),
      pendingComponent: RoutePending,
    }),
    createRoute({
      getParentRoute: () => parent,
      path: '/contacts/$id',
      component: lazyRouteComponent(() => import('./contact-page.tsx'), 'ContactPage'),
      pendingComponent: RoutePending,
    }),
  ];
}
