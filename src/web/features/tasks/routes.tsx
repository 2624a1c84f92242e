import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';

/** Routes of this feature, mounted under the signed-in layout: the list, and a task opened over it. */
export function tasksRoutes(parent: AnyRoute): AnyRoute[] {
  const list = createRoute({
    getParentRoute: () => parent,
    path: '/tasks',
    component: lazyRouteComponent(() => import('./tasks-page.tsx'), 'TasksPage'),
    pendingComponent: RoutePending,
  });
  const task = createRoute({
    getParentRoute: () => list,
    path: '$taskId',
    component: lazyRouteComponent(() => import('./task-route.tsx'), 'TaskRoute'),
  });
  return [list.addChildren([task])];
}
