// The connection pool behind one upstream: keep-alive, and idle connections retired before the upstream
// closes them, so no request is ever sent on a connection the upstream is closing.
import { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';

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

/** Notes the upstream's `Keep-Alive: timeout=N` for the connection the response came on. */
export function rememberKeepAliveHint(res: IncomingMessage): void {
  const hint = keepAliveHintMs(res.headers['keep-alive']);
  if (hint !== undefined) idleHints.set(res.socket, hint);
}

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

/** A keep-alive pool for `target` (http or https) that retires idle connections as above. */
export function createUpstreamAgent(target: string): HttpAgent {
  return new URL(target).protocol === 'https:'
    ? new UpstreamHttpsAgent({ keepAlive: true, scheduling: 'lifo' })
    : new UpstreamHttpAgent({ keepAlive: true, scheduling: 'lifo' });
}
