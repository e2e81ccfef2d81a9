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

/**
 * How long a pooled upstream connection may sit idle: less than any upstream keeps one open (Node.js
 * servers default to 5 s), and a second less than the upstream's own `Keep-Alive: timeout=N` hint when it
 * sends a shorter one. A connection the upstream is closing must never take a request: that request
 * would fail with a reset (a 502), which is what reusing one kept past the upstream's timeout risks.
 */
export const UPSTREAM_IDLE_MS = 4_000;
const HINT_MARGIN_MS = 1_000;

/** Upstream sockets whose last response hinted a keep-alive timeout (ms). */
const idleHints = new WeakMap<Socket, number>();

function keepAliveHintMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const seconds = value ? /(?:^|[\s,])timeout=(\d+)/i.exec(value)?.[1] : undefined;
  return seconds === undefined ? undefined : Number(seconds) * 1000;
}

/** Keeps a freed connection only as long as UPSTREAM_IDLE_MS and the upstream's hint allow. */
function retireIdle(socket: Socket, keep: boolean): boolean {
  const hint = idleHints.get(socket);
  idleHints.delete(socket);
  const idle = Math.min(UPSTREAM_IDLE_MS, hint === undefined ? Infinity : hint - HINT_MARGIN_MS);
  if (!keep || idle <= 0) return false;
  socket.setTimeout(idle); // the agent destroys a pooled socket when it times out
  return true;
}

// Node's keepSocketAlive returns whether the socket may be kept (documented; @types/node says void).
type KeepSocketAlive = (this: HttpAgent, socket: Socket) => boolean;

class UpstreamHttpAgent extends HttpAgent {
  override keepSocketAlive(socket: Socket): boolean {
    return retireIdle(socket, (HttpAgent.prototype.keepSocketAlive as unknown as KeepSocketAlive).call(this, socket));
  }
}

class UpstreamHttpsAgent extends HttpsAgent {
  override keepSocketAlive(socket: Socket): boolean {
    return retireIdle(socket, (HttpAgent.prototype.keepSocketAlive as unknown as KeepSocketAlive).call(this, socket));
  }
}

export function createUpstream(options: UpstreamOptions): Upstream {
  const { surface, target, timeoutMs, logger } = options;
  const agent = new URL(target).protocol === 'https:'
    ? new UpstreamHttpsAgent({ keepAlive: true, scheduling: 'lifo' })
    : new UpstreamHttpAgent({ keepAlive: true, scheduling: 'lifo' });

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
        const hint = keepAliveHintMs(proxyRes.headers['keep-alive']);
        if (hint !== undefined) idleHints.set(proxyRes.socket, hint);
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
