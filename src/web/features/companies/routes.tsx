import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';

/** Routes of this feature, mounted under the signed-in layout; pages load on demand. */
export function companiesRoutes(parent: AnyRoute): AnyRoute[] {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/companies',
      component: lazyRouteComponent(() => import('./company-list-page.tsx'), 'CompanyListPage'),
      pendingComponent: RoutePending,
    }),
    createRoute({
      getParentRoute: () => parent,
      path: '/companies/$id',
      component: lazyRouteComponent(() => import('./company-page.tsx'), 'CompanyPage'),
      pendingComponent: RoutePending,
    }),
  ];
}
