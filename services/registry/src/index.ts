// Public surface for tests and tools that start the registry in-process.
export { startRegistry, type RunningRegistry } from './server.js';
export { loadRegistryConfig, RegistryConfigSchema, type RegistryConfig } from './config.js';
