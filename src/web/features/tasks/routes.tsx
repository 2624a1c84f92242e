import type { AnyRoute } from '@tanstack/react-router';

/** Routes of this feature, mounted under the signed-in layout (wiring stub: the tasks feature fills it in). */
export function tasksRoutes(_parent: AnyRoute): AnyRoute[] {
  return [];
}
