import type { AnyRoute } from '@tanstack/react-router';

/** Routes of this feature, mounted under the signed-in layout (wiring stub: the calendar feature fills it in). */
export function calendarRoutes(_parent: AnyRoute): AnyRoute[] {
  return [];
}
