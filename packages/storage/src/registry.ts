// Drivers by name (distribution's factory.Register/Create): configuration names a driver and hands it a
// parameter map; every driver created here comes back wrapped in BaseDriver.
import { BaseDriver, type BaseDriverOptions } from './base.js';
import type { StorageDriver } from './driver.js';
import { StorageError } from './errors.js';

/** Builds a driver from its configuration parameters; throws on missing or malformed ones. */
export type DriverFactory = (params: Record<string, unknown>) => StorageDriver;

const factories = new Map<string, DriverFactory>();

export function registerDriver(name: string, factory: DriverFactory): void {
  if (factories.has(name)) throw new Error(`storage driver "${name}" is already registered`);
  factories.set(name, factory);
}

export function registeredDrivers(): string[] {
  return [...factories.keys()].sort();
}

export function createDriver(
  name: string,
  params: Record<string, unknown> = {},
  options: BaseDriverOptions = {},
): BaseDriver {
  const factory = factories.get(name);
  if (!factory) {
    const known = registeredDrivers().join(', ') || 'none';
    throw new StorageError(`unknown storage driver "${name}" (registered: ${known})`, name);
  }
  return new BaseDriver(factory(params), options);
}
