import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';

/** Routes of this feature, mounted under the signed-in layout: the board / list / forecast, and a deal. */
export function dealsRoutes(parent: AnyRoute): AnyRoute[] {
  const list = createRoute({
    getParentRoute: () => parent,
    path: '/deals',
    component: lazyRouteComponent(() => import('./deals-page.tsx'), 'DealsPage'),
    pendingComponent: RoutePending,
  });
  const deal = createRoute({
    getParentRoute: () => parent,
    path: '/deals/$dealId',
    component: lazyRouteComponent(() => import('./deal-page.tsx'), 'DealPage'),
    pendingComponent: RoutePending,
  });
  return [list, deal];
}
