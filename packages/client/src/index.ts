export * from './http.js';
export * from './client.js';
export * from './q.js';
export * from './format.js';
