// One upstream service behind the proxy: an http-proxy-middleware instance with its own keep-alive agent
// and idle timeouts. Bodies stream both ways (http-proxy pipes with backpressure and never buffers); we
// only adjust hop-by-hop response headers, send a bodiless idempotent request again when its pooled
// connection was reset under it, and turn other connection failures into errors in the surface's format.
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createProxyMiddleware, debugProxyErrorsPlugin, proxyEventsPlugin } from 'http-proxy-middleware';
import type { Logger } from '@harbor/telemetry';
import { writeProxyError } from './errors.js';
import { pathOf } from './request-path.js';
import { clientWantsClose } from './middleware/forwarded-headers.middleware.js';
import type { Next } from './chain.js';
import { createUpstreamAgent, rememberKeepAliveHint } from './upstream-agent.js';
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
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);

/** An idempotent request without a body: sending it again cannot do anything twice. */
function isReplayable(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return SAFE_METHODS.has(req.method ?? '') && !req.headers['transfer-encoding'] && (length === undefined || length === '0');
}

export function createUpstream(options: UpstreamOptions): Upstream {
  const { surface, target, timeoutMs, logger } = options;
  const agent = createUpstreamAgent(target);
  // Per client request: the upstream request made for it, and whether it was already sent again.
  const attempts = new WeakMap<IncomingMessage, { next: Next; proxyReq?: ClientRequest; retried: boolean }>();

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
      proxyReq: (proxyReq: ClientRequest, req: IncomingMessage) => {
        const attempt = attempts.get(req);
        if (attempt) attempt.proxyReq = proxyReq;
        // Our own idle timer instead of `proxyTimeout`, so a timeout is told apart from a refused connection.
        proxyReq.setTimeout(timeoutMs, () => {
          proxyReq.destroy(Object.assign(new Error(`no answer from ${surface} in ${timeoutMs} ms`), { code: TIMEOUT_CODE }));
        });
      },
      proxyRes: (proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse) => {
        // Hop-by-hop: the upstream's connection policy is about our pooled socket, not the client's.
        rememberKeepAliveHint(proxyRes);
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
        const attempt = attempts.get(req);
        // A pooled connection the upstream closed as the request went out: send a request that has no body
        // and changes nothing once more, on a new connection (as nginx does with its cached connections).
        if (attempt && !attempt.retried && attempt.proxyReq?.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE') &&
          'writeHead' in res && !res.headersSent && isReplayable(req)) {
          attempt.retried = true;
          logger.debug({ upstream: surface, code, method: req.method, path: pathOf(req.url) }, 'pooled upstream connection reset; sending again');
          void middleware(req, res, attempt.next);
          return;
        }
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
      attempts.set(req, { next, retried: false });
      void middleware(req, res, next);
    },
    close: () => agent.destroy(),
  };
}
