// Scope strings (`repository:library/nginx:pull,push`) as clients request them and registries announce
// them in WWW-Authenticate, and the check of a token's access list against one operation.
import type { AccessEntry } from '@harbor/contracts';

/** One resource and the actions granted (or requested) on it. */
export type Access = AccessEntry;
/** distribution's name for the same shape. */
export type ResourceActions = Access;

// distribution's grammar: resourcetype := /[a-z0-9]+/ [ '(' /[a-z0-9]+/ ')' ]
const TYPE_RE = /^([a-z0-9]+)(?:\(([a-z0-9]+)\))?$/;

/**
 * Parses one scope. The name is everything between the first and the last ':' (as Harbor does), so
 * names carrying a registry host with a port survive. Returns null for anything that is not
 * `type:name:actions` with a non-empty name.
 */
export function parseScope(scope: string): Access | null {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last === first) return null;
  const typeMatch = TYPE_RE.exec(scope.slice(0, first));
  const name = scope.slice(first + 1, last);
  if (!typeMatch || name === '') return null;
  const actions = unique(scope.slice(last + 1).split(',').filter((a) => a !== ''));
  const access: Access = { type: typeMatch[1], name, actions };
  if (typeMatch[2]) access.class = typeMatch[2];
  return access;
}

/**
 * Parses every scope of every value (ctr and helm put several, space-separated, in one `scope`
 * parameter), drops malformed ones, and merges entries naming the same resource.
 */
export function parseScopes(values: readonly string[]): Access[] {
  const merged = new Map<string, Access>();
  for (const value of values) {
    for (const part of value.split(/\s+/)) {
      if (part === '') continue;
      const access = parseScope(part);
      if (!access) continue;
      const key = `${access.type}\0${access.class ?? ''}\0${access.name}`;
      const seen = merged.get(key);
      if (seen) seen.actions = unique([...seen.actions, ...access.actions]);
      else merged.set(key, access);
    }
  }
  return [...merged.values()];
}

/** The inverse of parseScope: `type[(class)]:name:a,b`. */
export function formatScope(access: Access): string {
  const type = access.class ? `${access.type}(${access.class})` : access.type;
  return `${type}:${access.name}:${access.actions.join(',')}`;
}

/**
 * Whether a token's access list permits `action` on the resource. `*` grants every action. The resource
 * class is not part of the match, as in distribution's access set (keyed by type and name only).
 */
export function accessAllows(access: readonly Access[], type: string, name: string, action: string): boolean {
  return access.some(
    (entry) =>
      entry.type === type && entry.name === name && (entry.actions.includes('*') || entry.actions.includes(action)),
  );
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
