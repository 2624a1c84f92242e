import type { AnyRoute } from '@tanstack/react-router';

/** Routes of this feature, mounted under the signed-in layout. */
export function recordsRoutes(_parent: AnyRoute): AnyRoute[] {
  return [];
}
