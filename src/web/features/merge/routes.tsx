import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import type { MergeEntity } from '../../../shared/merge.ts';
import { RoutePending } from '../records/route-pending.tsx';
import type { ClusterMergeSearch } from './cluster-merge-page.tsx';
import type { DuplicatesSearch } from './duplicates-page.tsx';
import type { MergeSearch } from './merge-page.tsx';

const uuid = /^[0-9a-f-]{36}$/i;
const entity = (v: unknown): MergeEntity | undefined => (v === 'contact' || v === 'company' ? v : undefined);
const id = (v: unknown) => (typeof v === 'string' && uuid.test(v) ? v : undefined);
const ids = (v: unknown) =>
  typeof v === 'string' && v.split(',').every((x) => uuid.test(x)) ? v : undefined;

/** Routes of this feature: the duplicates list, the side-by-side merge of a pair and of a cluster. */
export function mergeRoutes(parent: AnyRoute): AnyRoute[] {
  const list = createRoute({
    getParentRoute: () => parent,
    path: '/duplicates',
    validateSearch: (s: Record<string, unknown>): DuplicatesSearch => ({ tab: entity(s.tab) }),
    component: lazyRouteComponent(() => import('./duplicates-page.tsx'), 'DuplicatesPage'),
    pendingComponent: RoutePending,
  });
  const merge = createRoute({
    getParentRoute: () => parent,
    path: '/duplicates/merge',
    validateSearch: (s: Record<string, unknown>): MergeSearch => ({
      entity: entity(s.entity),
      keep: id(s.keep),
      other: id(s.other),
    }),
    component: lazyRouteComponent(() => import('./merge-page.tsx'), 'MergePage'),
    pendingComponent: RoutePending,
  });
  const mergeAll = createRoute({
    getParentRoute: () => parent,
    path: '/duplicates/merge-all',
    validateSearch: (s: Record<string, unknown>): ClusterMergeSearch => ({
      entity: entity(s.entity),
      ids: ids(s.ids),
      keep: id(s.keep),
    }),
    component: lazyRouteComponent(() => import('./cluster-merge-page.tsx'), 'ClusterMergePage'),
    pendingComponent: RoutePending,
  });
  return [list, merge, mergeAll];
}
