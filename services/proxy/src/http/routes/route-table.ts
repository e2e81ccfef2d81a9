// Where each URL goes, readable top to bottom; first match wins. Mirrors Harbor's nginx locations, except
// that /v2/ goes straight to our registry (which does its own token auth) instead of through core.
export type Surface = 'registry' | 'core' | 'portal';

export interface RouteEntry {
  /** Exact paths, and prefixes (each ending in '/'), this entry owns. */
  exact?: readonly string[];
  prefixes: readonly string[];
  /** The upstream that serves it, or `gone` for APIs Harbor answers 404 to. */
  target: Surface | 'gone';
}

export const ROUTE_TABLE: readonly RouteEntry[] = [
  { exact: ['/v2'], prefixes: ['/v2/'], target: 'registry' },
  { prefixes: ['/api/', '/c/', '/service/', '/chartrepo/'], target: 'core' },
  { prefixes: ['/v1/'], target: 'gone' }, // the Docker v1 registry API: Harbor's nginx returns 404
  { prefixes: ['/'], target: 'portal' },
];

/**
 * The route for a raw request path (no query). Repeated slashes are merged first, as nginx's
 * merge_slashes does for location matching, so `//v2/` cannot slip past the /v2 entry.
 */
export function matchRoute(path: string, table: readonly RouteEntry[] = ROUTE_TABLE): RouteEntry {
  const p = path.replace(/\/{2,}/g, '/');
  for (const entry of table) {
    if (entry.exact?.includes(p) || entry.prefixes.some((prefix) => p.startsWith(prefix))) return entry;
  }
  return table[table.length - 1];
}

/** The surface whose error format a path's failures use (the /v1 404 is written in Harbor's format). */
export function surfaceOf(entry: RouteEntry): Surface {
  return entry.target === 'gone' ? 'core' : entry.target;
}
