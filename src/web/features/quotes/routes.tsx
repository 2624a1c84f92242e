import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';
import type { NewQuoteSearch } from './new-quote-page.tsx';

const uuid = /^[0-9a-f-]{36}$/i;
const text = (v: unknown) => (typeof v === 'string' && v.length <= 300 ? v : undefined);

/** Routes of this feature, mounted under the signed-in layout: the list, a new quote and the quote page. */
export function quotesRoutes(parent: AnyRoute): AnyRoute[] {
  const list = createRoute({
    getParentRoute: () => parent,
    path: '/quotes',
    component: lazyRouteComponent(() => import('./quotes-page.tsx'), 'QuotesPage'),
    pendingComponent: RoutePending,
  });
  const create = createRoute({
    getParentRoute: () => parent,
    path: '/quotes/new',
    validateSearch: (s: Record<string, unknown>): NewQuoteSearch => ({
      contactId: typeof s.contactId === 'string' && uuid.test(s.contactId) ? s.contactId : undefined,
      companyId: typeof s.companyId === 'string' && uuid.test(s.companyId) ? s.companyId : undefined,
      name: text(s.name),
    }),
    component: lazyRouteComponent(() => import('./new-quote-page.tsx'), 'NewQuotePage'),
    pendingComponent: RoutePending,
  });
  const quote = createRoute({
    getParentRoute: () => parent,
    path: '/quotes/$quoteId',
    component: lazyRouteComponent(() => import('./quote-page.tsx'), 'QuotePage'),
    pendingComponent: RoutePending,
  });
  return [list, create, quote];
}

/** The customer's page behind the secret link (`/q/<token>`), mounted outside the signed-in layout. */
export function publicQuoteRoutes(root: AnyRoute): AnyRoute[] {
  return [
    createRoute({
      getParentRoute: () => root,
      path: '/q/$token',
      component: lazyRouteComponent(() => import('./public-quote-page.tsx'), 'PublicQuotePage'),
    }),
  ];
}
