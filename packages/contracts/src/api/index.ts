// Harbor API v2.0 request and response schemas (zod), named after the swagger definitions in
// api/v2.0/swagger.yaml; field names are the swagger's (snake_case).
export * from './common.js';
export * from './project.js';
export * from './member.js';
export * from './user.js';
export * from './artifact.js';
export * from './label.js';
export * from './robot.js';
export * from './system.js';
export * from './config.js';
export * from './policy-rule.js';
export * from './retention.js';
export * from './jobs.js';
export * from './webhook.js';
