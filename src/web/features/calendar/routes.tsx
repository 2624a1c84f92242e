import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { RoutePending } from '../records/route-pending.tsx';

/** Routes of this feature, mounted under the signed-in layout; the calendar (and FullCalendar) loads on demand. */
export function calendarRoutes(parent: AnyRoute): AnyRoute[] {
  const page = lazyRouteComponent(() => import('./calendar-page.tsx'), 'CalendarPage');
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/calendar',
      component: page,
      pendingComponent: RoutePending,
    }),
    // One event opened on its date: the links of notifications and of a customer's upcoming events.
    createRoute({
      getParentRoute: () => parent,
      path: '/calendar/events/$eventId',
      component: page,
      pendingComponent: RoutePending,
    }),
  ];
}
