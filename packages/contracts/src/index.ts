export * from './media-types.js';
export * from './digest.js';
export * from './reference.js';
export * from './manifest.js';
export * from './registry-errors.js';
export * from './token.js';
export * from './rbac.js';
export * from './api/index.js';
