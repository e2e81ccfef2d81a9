export * from './operation.js';
export * from './operations.js';
export * from './document.js';
