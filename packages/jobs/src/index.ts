export * from './redis.js';
export * from './queues.js';
export * from './tasks.js';
export * from './handler.js';
