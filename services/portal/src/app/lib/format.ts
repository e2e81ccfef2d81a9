// The console's display helpers: the shared ones from the client package, plus what needs the page.
export * from '@harbor/client/format';

/** The registry host clients use: the page's own host (the console is served where /v2/ is). */
export function registryHost(location: { host: string } = globalThis.location): string {
  return location.host;
}
