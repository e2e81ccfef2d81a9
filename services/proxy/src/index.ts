// Public surface for tests and tools that start the proxy in-process.
export { startProxy, type RunningProxy } from './server.js';
export { loadProxyConfig, ProxyConfigSchema, type ProxyConfig, type ProxyConfigInput } from './config.js';
export { ROUTE_TABLE, matchRoute, type RouteEntry, type Surface } from './http/routes/route-table.js';
