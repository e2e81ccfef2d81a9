// Public surface for tests and tools that start core in-process.
export { startCore, type RunningCore } from './server.js';
export { loadCoreConfig, CoreConfigSchema, type CoreConfig } from './config.js';
