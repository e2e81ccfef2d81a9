// Composition root: upstream proxies, the HTTP application, and the listeners (plain HTTP, or HTTPS plus a
// plain listener that redirects). Used by main.ts and by tests that start the proxy in-process.
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '@harbor/telemetry';
import { parseListenAddress, type ProxyConfig } from './config.js';
import { createApp } from './http/app.js';
import { createRedirectHandler } from './http/redirect-app.js';
import { createUpstream } from './http/upstream.js';
import { loadOrCreateCertificate } from './tls/certificates.js';

export interface RunningProxy {
  /** Where clients should go: the HTTPS listener when TLS is on, else the plain one. */
  url: string;
  port: number;
  /** The plain-HTTP listener (only redirects when TLS is on). */
  httpUrl: string;
  httpPort: number;
  httpsUrl: string | null;
  httpsPort: number | null;
  close(): Promise<void>;
}

// No request timeout (a 900 s layer upload is legitimate; idle timeouts per route guard instead), nginx's
// 75 s keep-alive, and a bound on slow header delivery.
const SERVER_OPTIONS = { keepAliveTimeout: 75_000, requestTimeout: 0, headersTimeout: 60_000 } as const;

export async function startProxy(config: ProxyConfig, logger: Logger = createLogger('proxy', config.log.level)): Promise<RunningProxy> {
  const upstream = (surface: 'registry' | 'core' | 'portal', target: string, timeoutMs: number) =>
    createUpstream({ surface, target, timeoutMs, logger });
  const upstreams = {
    registry: upstream('registry', config.upstreams.registry, config.timeouts.registry),
    core: upstream('core', config.upstreams.core, config.timeouts.default),
    portal: config.upstreams.portal ? upstream('portal', config.upstreams.portal, config.timeouts.default) : null,
  };
  const app = createApp({ upstreams, trustForwardedHeaders: config.trustForwardedHeaders, logger });
  const { host, port } = parseListenAddress(config.http.addr);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const servers: Server[] = [];

  try {
    let https: Server | null = null;
    let httpsPort: number | null = null;
    if (config.tls.enabled) {
      const material = await loadOrCreateCertificate(config, logger);
      https = createHttpsServer({ ...SERVER_OPTIONS, key: material.key, cert: material.cert }, app);
      httpsPort = await listen(https, host, config.tls.port);
      servers.push(https);
    }
    const plainHandler: RequestListener = https && httpsPort !== null
      ? createRedirectHandler({ httpsPort: advertisedHttpsPort(config, httpsPort), fallbackHost: externalHost(config) ?? shownHost })
      : app;
    const http = createHttpServer(SERVER_OPTIONS, plainHandler);
    const httpPort = await listen(http, host, port);
    servers.push(http);

    const httpUrl = `http://${shownHost}:${httpPort}`;
    const httpsUrl = httpsPort !== null ? `https://${shownHost}:${httpsPort}` : null;
    logger.info({ http: httpUrl, https: httpsUrl, upstreams: config.upstreams }, 'proxy listening');
    return {
      url: httpsUrl ?? httpUrl,
      port: httpsPort ?? httpPort,
      httpUrl,
      httpPort,
      httpsUrl,
      httpsPort,
      async close() {
        await Promise.all(servers.map(closeServer));
        for (const u of Object.values(upstreams)) u?.close();
      },
    };
  } catch (err) {
    await Promise.all(servers.map(closeServer));
    for (const u of Object.values(upstreams)) u?.close();
    throw err;
  }
}

/** The HTTPS port to redirect to: the external URL's, when it is an https URL (port mapping), else ours. */
function advertisedHttpsPort(config: ProxyConfig, bound: number): number {
  if (!config.externalURL) return bound;
  const url = new URL(config.externalURL);
  return url.protocol === 'https:' ? Number(url.port || 443) : bound;
}

function externalHost(config: ProxyConfig): string | undefined {
  return config.externalURL ? new URL(config.externalURL).hostname : undefined;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
