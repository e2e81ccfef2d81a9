// Reading driver parameters that come from YAML or environment variables, where booleans and numbers
// may arrive as strings; each failure names the driver and the key.
import { StorageError } from './errors.js';

function fail(driver: string, key: string, expected: string): never {
  throw new StorageError(`${driver} storage: parameter "${key}" must be ${expected}`, driver);
}

export function stringParam(params: Record<string, unknown>, key: string, driver: string): string;
export function stringParam(
  params: Record<string, unknown>,
  key: string,
  driver: string,
  optional: true,
): string | undefined;
export function stringParam(
  params: Record<string, unknown>,
  key: string,
  driver: string,
  optional = false,
): string | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === '') {
    if (optional) return undefined;
    fail(driver, key, 'a non-empty string');
  }
  if (typeof value !== 'string') fail(driver, key, 'a string');
  return value;
}

export function boolParam(params: Record<string, unknown>, key: string, driver: string, fallback: boolean): boolean {
  const value = params[key];
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  fail(driver, key, 'true or false');
}

export function intParam(params: Record<string, unknown>, key: string, driver: string, fallback: number): number {
  const value = params[key];
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) fail(driver, key, 'a non-negative integer');
  return n;
}
