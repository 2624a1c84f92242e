import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';

/** Routes of this feature, mounted under the signed-in layout: the catalogue and one product's page. */
export function productsRoutes(parent: AnyRoute): AnyRoute[] {
  const list = createRoute({
    getParentRoute: () => parent,
    path: '/products',
    component: lazyRouteComponent(() => import('./products-page.tsx'), 'ProductsPage'),
    pendingComponent: RoutePending,
  });
  const product = createRoute({
    getParentRoute: () => parent,
    path: '/products/$productId',
    component: lazyRouteComponent(() => import('./product-page.tsx'), 'ProductPage'),
    pendingComponent: RoutePending,
  });
  return [list, product];
}
