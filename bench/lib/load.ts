// Request-rate measurements with autocannon: N keep-alive connections hammering one URL with a bearer
// token for a fixed time; the rate counts 2xx responses only, so an auth or routing mistake shows up as
// non-2xx instead of inflating the figure.
import autocannon from 'autocannon';

export interface LoadOptions {
  method?: 'GET' | 'HEAD';
  /** Sent as `Authorization: Bearer …`; leave out when `headers` carry the credentials. */
  token?: string;
  /** Extra request headers (Basic credentials, a session cookie). */
  headers?: Record<string, string>;
  accept?: string;
  connections?: number;
  durationSeconds: number;
}

export interface LoadResult {
  /** 2xx responses per second. */
  rps: number;
  ok: number;
  non2xx: number;
  errors: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

// autocannon's parser does not know a HEAD response has no body and waits for Content-Length bytes that
// never come. http-parser-js skips the body when the headers-complete callback returns true, and the
// callback lives on the parser under index 2 (HTTPParser.kOnHeadersComplete); autocannon assigns it after
// setupClient runs, so intercept the assignment and wrap whatever it installs.
const K_ON_HEADERS_COMPLETE = 2;
function skipBodies(client: autocannon.Client): void {
  const parser = (client as unknown as { parser: Record<number, (...args: unknown[]) => unknown> }).parser;
  let installed: (...args: unknown[]) => unknown = () => undefined;
  Object.defineProperty(parser, K_ON_HEADERS_COMPLETE, {
    configurable: true,
    set(fn: (...args: unknown[]) => unknown) {
      installed = fn;
    },
    get() {
      return (...args: unknown[]) => {
        installed(...args);
        return true;
      };
    },
  });
}

export async function measureLoad(url: string, opts: LoadOptions): Promise<LoadResult> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers };
  if (opts.accept) headers.accept = opts.accept;
  const r = await autocannon({
    url,
    method,
    headers,
    connections: opts.connections ?? 32,
    duration: opts.durationSeconds,
    setupClient: method === 'HEAD' ? skipBodies : undefined,
  });
  return {
    rps: r['2xx'] / r.duration,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
  };
}
