// distribution's `storage` configuration section: a few settings (delete, redirect, maintenance, cache,
// tag) and exactly one key naming the driver. Shared by every service that opens the registry's storage,
// so a driver this suite lacks is refused the same way everywhere, never silently replaced by filesystem.
import { registeredDrivers } from './registry.js';

export const STORAGE_SETTINGS: ReadonlySet<string> = new Set(['delete', 'redirect', 'maintenance', 'cache', 'tag']);

/** The driver keys a `storage` section names. */
export function storageDrivers(section: Record<string, unknown>): string[] {
  return Object.keys(section).filter((k) => !STORAGE_SETTINGS.has(k));
}

/** What is wrong with a section's choice of driver: more than one, or one no factory is registered for. */
export function storageSectionProblems(section: Record<string, unknown>): Array<{ key?: string; message: string }> {
  const drivers = storageDrivers(section);
  const problems: Array<{ key?: string; message: string }> = [];
  if (drivers.length > 1) problems.push({ message: `configure exactly one storage driver (found ${drivers.join(', ')})` });
  const supported = registeredDrivers();
  for (const d of drivers) {
    if (!supported.includes(d)) {
      problems.push({ key: d, message: `storage driver "${d}" is not supported: use filesystem, or s3 for AWS S3 and S3-compatible stores` });
    }
  }
  return problems;
}
