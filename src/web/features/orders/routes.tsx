import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';
import type { OrderEntrySearch } from './order-entry-page.tsx';

const uuid = /^[0-9a-f-]{36}$/i;
const text = (v: unknown) => (typeof v === 'string' && v.length <= 300 ? v : undefined);

/** Routes of this feature, mounted under the signed-in layout: the list, fast entry and the order page. */
export function ordersRoutes(parent: AnyRoute): AnyRoute[] {
  const list = createRoute({
    getParentRoute: () => parent,
    path: '/orders',
    component: lazyRouteComponent(() => import('./orders-page.tsx'), 'OrdersPage'),
    pendingComponent: RoutePending,
  });
  const entry = createRoute({
    getParentRoute: () => parent,
    path: '/orders/new',
    validateSearch: (s: Record<string, unknown>): OrderEntrySearch => ({
      contactId: typeof s.contactId === 'string' && uuid.test(s.contactId) ? s.contactId : undefined,
      companyId: typeof s.companyId === 'string' && uuid.test(s.companyId) ? s.companyId : undefined,
      name: text(s.name),
    }),
    component: lazyRouteComponent(() => import('./order-entry-page.tsx'), 'OrderEntryPage'),
    pendingComponent: RoutePending,
  });
  const order = createRoute({
    getParentRoute: () => parent,
    path: '/orders/$orderId',
    component: lazyRouteComponent(() => import('./order-page.tsx'), 'OrderPage'),
    pendingComponent: RoutePending,
  });
  return [list, entry, order];
}
