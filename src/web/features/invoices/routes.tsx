import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';

const uuid = /^[0-9a-f-]{36}$/i;
export type NewInvoiceSearch = { orderId?: string };

/** Routes of this feature, mounted under the signed-in layout: the list, invoicing an order, the invoice. */
export function invoicesRoutes(parent: AnyRoute): AnyRoute[] {
  const list = createRoute({
    getParentRoute: () => parent,
    path: '/invoices',
    component: lazyRouteComponent(() => import('./invoices-page.tsx'), 'InvoicesPage'),
    pendingComponent: RoutePending,
  });
  const create = createRoute({
    getParentRoute: () => parent,
    path: '/invoices/new',
    validateSearch: (s: Record<string, unknown>): NewInvoiceSearch => ({
      orderId: typeof s.orderId === 'string' && uuid.test(s.orderId) ? s.orderId : undefined,
    }),
    component: lazyRouteComponent(() => import('./new-invoice-page.tsx'), 'NewInvoicePage'),
    pendingComponent: RoutePending,
  });
  const invoice = createRoute({
    getParentRoute: () => parent,
    path: '/invoices/$invoiceId',
    component: lazyRouteComponent(() => import('./invoice-page.tsx'), 'InvoicePage'),
    pendingComponent: RoutePending,
  });
  return [list, create, invoice];
}
