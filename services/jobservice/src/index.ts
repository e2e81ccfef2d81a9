export { loadJobserviceConfig, JobserviceConfigSchema, type JobserviceConfig } from './config.js';
export { startJobservice, type RunningJobservice } from './server.js';
export { JobRuntime } from './runtime.js';
export { gcHandler } from './handlers/gc.js';
export { webhookHandler } from './handlers/webhook.js';
