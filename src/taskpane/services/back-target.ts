import type { BackTarget, PaneRoute } from './navigation.js';

/** How many steps "Back" remembers: a rep hopping between records cannot grow the route without end. */
export const BACK_DEPTH = 20;

/**
 * The Back of a screen opened from `route` (labelled `label`): it returns to `route`
 * with its own Back, so a chain list → account → contact → opportunity walks back the
 * same way. Past BACK_DEPTH steps the oldest is forgotten (that screen's Back then goes
 * to its list).
 */
export function backTo(route: PaneRoute, label: string): BackTarget {
  return { route: trimmed(route, BACK_DEPTH - 1), label };
}

function trimmed(route: PaneRoute, depth: number): PaneRoute {
  if (route.tab !== 'records' || route.back === undefined) return route;
  if (depth <= 0) return { ...route, back: undefined };
  return { ...route, back: { ...route.back, route: trimmed(route.back.route, depth - 1) } };
}

/** How deep a route's Back chain goes (0: none). */
export function backDepth(route: PaneRoute): number {
  return route.tab === 'records' && route.back !== undefined ? 1 + backDepth(route.back.route) : 0;
}
