// One upstream service behind the proxy: an http-proxy-middleware instance with its own keep-alive agent
// and idle timeouts. Bodies stream both ways (http-proxy pipes with backpressure and never buffers); we
// only adjust hop-by-hop response headers and turn connection failures into errors in the surface's format.
import { Agent as HttpAgent, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { createProxyMiddleware, debugProxyErrorsPlugin, proxyEventsPlugin } from 'http-proxy-middleware';
import type { Logger } from '@harbor/telemetry';
import { writeProxyError } from './errors.js';
import { pathOf } from './request-path.js';
import { clientWantsClose } from './middleware/forwarded-headers.middleware.js';
import type { Next } from './chain.js';
import type { Surface } from './routes/route-table.js';

export interface UpstreamOptions {
  surface: Surface;
  target: string;
  /** Idle time allowed on both the client's socket and the upstream's before giving up. */
  timeoutMs: number;
  logger: Logger;
}

export interface Upstream {
  readonly surface: Surface;
  handle(req: IncomingMessage, res: ServerResponse, next: Next): void;
  /** Drops the pooled upstream connections. */
  close(): void;
}

const TIMEOUT_CODE = 'HARBOR_UPSTREAM_TIMEOUT';

export function createUpstream(options: UpstreamOptions): Upstream {
  const { surface, target, timeoutMs, logger } = options;
  const agent = new URL(target).protocol === 'https:'
    ? new HttpsAgent({ keepAlive: true, scheduling: 'lifo' })
    : new HttpAgent({ keepAlive: true, scheduling: 'lifo' });

  const middleware = createProxyMiddleware<IncomingMessage, ServerResponse>({
    target,
    agent,
    changeOrigin: false, // upstreams see the client's Host and build external URLs from it
    xfwd: false, // X-Forwarded-* are set by our own middleware, which also strips spoofed ones
    // The client's socket: a little longer than the upstream's, so a stalled upstream is reported (504)
    // before the client connection is given up on.
    timeout: timeoutMs + 5_000,
    // The default plugins log to the console and write text error pages; keep only the crash guards.
    ejectPlugins: true,
    plugins: [debugProxyErrorsPlugin, proxyEventsPlugin],
    on: {
      proxyReq: (proxyReq: ClientRequest) => {
        // Our own idle timer instead of `proxyTimeout`, so a timeout is told apart from a refused connection.
        proxyReq.setTimeout(timeoutMs, () => {
          proxyReq.destroy(Object.assign(new Error(`no answer from ${surface} in ${timeoutMs} ms`), { code: TIMEOUT_CODE }));
        });
      },
      proxyRes: (proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse) => {
        // Hop-by-hop: the upstream's connection policy is about our pooled socket, not the client's.
        delete proxyRes.headers['keep-alive'];
        delete proxyRes.headers['proxy-connection'];
        delete proxyRes.headers.connection;
        if (clientWantsClose(req)) proxyRes.headers.connection = 'close';
        // A body cut off upstream must reach the client as a cut connection, not as a stalled one.
        proxyRes.once('close', () => {
          if (!proxyRes.complete && !res.writableEnded) res.destroy();
        });
      },
      error: (err: Error, req: IncomingMessage, res: ServerResponse | Socket) => {
        const code = (err as NodeJS.ErrnoException).code;
        const timedOut = code === TIMEOUT_CODE;
        logger.warn({ upstream: surface, target, code, err: err.message, method: req.method, path: pathOf(req.url) }, 'upstream request failed');
        if (!('writeHead' in res)) {
          res.destroy();
          return;
        }
        // An unread request body would keep the connection busy: answer, then close it.
        if (!req.complete && !res.headersSent) res.setHeader('Connection', 'close');
        writeProxyError(req, res, surface, timedOut ? 'gateway-timeout' : 'bad-gateway',
          timedOut ? `the ${surface} service did not answer in time` : `the ${surface} service is unavailable`);
      },
    },
  });

  return {
    surface,
    handle: (req, res, next) => {
      void middleware(req, res, next);
    },
    close: () => agent.destroy(),
  };
}
