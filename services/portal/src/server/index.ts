export { loadPortalConfig, PortalConfigSchema, type PortalConfig } from './config.js';
export { startPortal, type RunningPortal } from './server.js';
