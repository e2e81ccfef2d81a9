// How sizes, times, digests, roles and pull commands read to a person: pure functions shared by the web
// console and anything else that shows the API's data (tests compare what the console prints with them).

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** `1536` → `1.50 KiB`; negative (Harbor's "unlimited") → `∞`. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  if (n < 0) return '∞';
  let i = 0;
  let v = n;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${UNITS[i]}`;
}

/** A date-time for tables: `Nov 28, 2026, 18:13` in the viewer's locale and zone; `–` when absent. */
export function formatTime(iso: string | null | undefined, locale?: string): string {
  if (!iso) return '–';
  const d = new Date(iso);
  // Harbor's zero time for "never" (0001-01-01) reads as never.
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() <= 1) return '–';
  return d.toLocaleString(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** `3 minutes ago`, `in 2 days`; `–` when absent. */
export function relativeTime(iso: string | null | undefined, now: Date = new Date(), locale?: string): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() <= 1) return '–';
  const seconds = Math.round((d.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const fmt = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (abs < 45) return fmt.format(0, 'second') === 'now' ? 'just now' : fmt.format(seconds, 'second');
  if (abs < 2700) return fmt.format(Math.round(seconds / 60), 'minute');
  if (abs < 64800) return fmt.format(Math.round(seconds / 3600), 'hour');
  if (abs < 2592000) return fmt.format(Math.round(seconds / 86400), 'day');
  if (abs < 31536000) return fmt.format(Math.round(seconds / 2592000), 'month');
  return fmt.format(Math.round(seconds / 31536000), 'year');
}

/** `sha256:0123456789ab…` → `sha256:0123456789ab` (12 hex digits, as docker shows image ids). */
export function shortDigest(digest: string): string {
  const i = digest.indexOf(':');
  return i < 0 ? digest.slice(0, 12) : `${digest.slice(0, i + 1)}${digest.slice(i + 1, i + 13)}`;
}

export type PullKind = 'image' | 'chart' | 'other';

/** The artifact kind a pull command is written for, from Harbor's artifact `type`. */
export function pullKind(type: string | undefined): PullKind {
  const t = (type ?? '').toUpperCase();
  if (t === 'CHART') return 'chart';
  if (t === 'IMAGE' || t === '') return 'image';
  return 'other';
}

/**
 * The command that pulls an artifact: `docker pull host/p/r:tag` (or `@digest` when it has no tag),
 * `helm pull oci://host/p/r --version tag` for charts, `oras pull host/p/r@digest` otherwise.
 */
export function pullCommand(host: string, repository: string, ref: { tag?: string; digest: string }, kind: PullKind = 'image'): string {
  const at = ref.tag ? `:${ref.tag}` : `@${ref.digest}`;
  if (kind === 'chart') return ref.tag ? `helm pull oci://${host}/${repository} --version ${ref.tag}` : `helm pull oci://${host}/${repository}@${ref.digest}`;
  if (kind === 'other') return `oras pull ${host}/${repository}${at}`;
  return `docker pull ${host}/${repository}${at}`;
}

/** Harbor's role ids and names (project members). */
export const ROLES: Array<{ id: number; name: string }> = [
  { id: 1, name: 'Project Admin' },
  { id: 4, name: 'Maintainer' },
  { id: 2, name: 'Developer' },
  { id: 3, name: 'Guest' },
  { id: 5, name: 'Limited Guest' },
];

export function roleName(id: number | undefined): string {
  return ROLES.find((r) => r.id === id)?.name ?? '–';
}

/** `library/busybox` within project `library` → `busybox` (the name the console shows in a project). */
export function repoShortName(project: string, fullName: string): string {
  return fullName.startsWith(`${project}/`) ? fullName.slice(project.length + 1) : fullName;
}

/** Quota use as a fraction (0..1) and label; unlimited (`-1`) has no fraction. */
export function quotaUse(used: number | undefined, hard: number | undefined): { fraction: number | null; label: string } {
  const u = used ?? 0;
  if (hard === undefined || hard < 0) return { fraction: null, label: `${formatBytes(u)} of unlimited` };
  return { fraction: hard === 0 ? 1 : Math.min(1, u / hard), label: `${formatBytes(u)} of ${formatBytes(hard)}` };
}
