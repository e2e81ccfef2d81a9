// The plain-HTTP listener once TLS is on: every request gets a 308 to the same path and query on HTTPS
// (308 keeps the method and body, so a PUT is retried as a PUT), except the proxy's own health probe.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathOf } from './request-path.js';

export interface RedirectOptions {
  /** The port clients reach HTTPS on; omitted from the Location when 443. */
  httpsPort: number;
  /** Used when the request has no usable Host header. */
  fallbackHost: string;
}

const HOSTNAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/;

export function createRedirectHandler(options: RedirectOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    if (pathOf(url) === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('{"status":"ok"}');
      return;
    }
    const host = hostnameOf(req.headers.host) ?? options.fallbackHost;
    const port = options.httpsPort === 443 ? '' : `:${options.httpsPort}`;
    const target = url.startsWith('/') ? url : '/';
    res.writeHead(308, { Location: `https://${host}${port}${target}`, 'Content-Length': '0' });
    res.end();
  };
}

/** The host part of a Host header (`[::1]:8080` → `[::1]`), or undefined when absent or malformed. */
export function hostnameOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const host = header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':')[0];
  return HOSTNAME.test(host) ? host : undefined;
}
