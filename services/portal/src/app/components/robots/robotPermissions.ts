// What robot accounts may be granted and how the console shows it: grouping by resource, the default
// choice (pull and push), summaries and expiry.
import type { Robot, RobotPermission } from '@harbor/contracts';
import type { Permission } from '@harbor/client';

/** Used when the server's list (`GET /permissions`) cannot be read: the common project grants. */
export const FALLBACK_PROJECT_PERMISSIONS: Permission[] = [
  ['repository', 'pull'], ['repository', 'push'], ['repository', 'delete'], ['repository', 'list'],
  ['artifact', 'read'], ['artifact', 'list'], ['artifact', 'delete'],
  ['tag', 'create'], ['tag', 'delete'], ['tag', 'list'],
  ['artifact-label', 'create'], ['artifact-label', 'delete'],
  ['scan', 'create'], ['scan', 'stop'], ['sbom', 'create'], ['sbom', 'stop'],
  ['accessory', 'list'], ['artifact-addition', 'read'],
].map(([resource, action]) => ({ resource, action }));

export const DEFAULT_ACCESS = ['repository:pull', 'repository:push'];

/** The order actions are shown in, as Harbor's console lists them. */
const ACTION_ORDER = ['pull', 'push', 'create', 'read', 'update', 'delete', 'list', 'stop'];
/** Resources people pick most often come first. */
const RESOURCE_ORDER = ['repository', 'artifact', 'tag', 'artifact-label', 'scan', 'sbom', 'accessory', 'artifact-addition'];

export const accessKey = (resource: string, action: string) => `${resource}:${action}`;

export function splitKey(key: string): { resource: string; action: string } {
  const i = key.lastIndexOf(':');
  return { resource: key.slice(0, i), action: key.slice(i + 1) };
}

const rank = (list: string[], v: string) => (list.includes(v) ? list.indexOf(v) : list.length);

export function sortActions(actions: string[]): string[] {
  return [...actions].sort((a, b) => rank(ACTION_ORDER, a) - rank(ACTION_ORDER, b) || a.localeCompare(b));
}

/** Permissions grouped by resource, commonly used resources first. */
export function groupByResource(permissions: readonly Permission[]): Array<{ resource: string; actions: string[] }> {
  const map = new Map<string, string[]>();
  for (const p of permissions) {
    const actions = map.get(p.resource) ?? [];
    if (!actions.includes(p.action)) actions.push(p.action);
    map.set(p.resource, actions);
  }
  return [...map.entries()]
    .sort(([a], [b]) => rank(RESOURCE_ORDER, a) - rank(RESOURCE_ORDER, b) || a.localeCompare(b))
    .map(([resource, actions]) => ({ resource, actions: sortActions(actions) }));
}

/** `artifact-label` → `Artifact Label`. */
export function resourceName(resource: string): string {
  return resource.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

export const actionName = (action: string) => action.charAt(0).toUpperCase() + action.slice(1);

/** The selected keys as the API's `access` list. */
export function toAccess(keys: Iterable<string>): Array<{ resource: string; action: string }> {
  return [...keys].map(splitKey);
}

/** Every grant a robot holds, as keys, over its permissions of one kind. */
export function keysOf(permissions: readonly RobotPermission[] | undefined, kind: 'project' | 'system'): Set<string> {
  const keys = new Set<string>();
  for (const p of permissions ?? []) {
    if (p.kind !== kind) continue;
    for (const a of p.access) if (a.effect !== 'deny') keys.add(accessKey(a.resource, a.action));
  }
  return keys;
}

/** `5 permissions · all projects` / `2 permissions · 3 projects` / `1 permission`. */
export function permissionSummary(robot: Robot): string {
  const perms = robot.permissions ?? [];
  const count = perms.reduce((n, p) => n + p.access.length, 0);
  const text = `${count} permission${count === 1 ? '' : 's'}`;
  if (robot.level !== 'system') return text;
  const projects = perms.filter((p) => p.kind === 'project');
  if (projects.some((p) => p.namespace === '*')) return `${text} · all projects`;
  if (projects.length > 0) return `${text} · ${projects.length} project${projects.length === 1 ? '' : 's'}`;
  return text;
}

/** A readable list of a robot's grants, for a tooltip. */
export function permissionDetails(robot: Robot): string {
  return (robot.permissions ?? [])
    .map((p) => `${p.kind === 'system' ? 'System' : p.namespace === '*' ? 'All projects' : p.namespace}: ${p.access.map((a) => `${a.resource} ${a.action}`).join(', ')}`)
    .join('\n');
}

/** Expiry from `expires_at` (seconds; -1 never). */
export function expiry(expiresAt: number | undefined, now: number = Date.now()): { text: string; expired: boolean } {
  if (expiresAt === undefined) return { text: '–', expired: false };
  if (expiresAt < 0) return { text: 'Never', expired: false };
  const ms = expiresAt * 1000;
  const text = new Date(ms).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return { text, expired: ms <= now };
}
