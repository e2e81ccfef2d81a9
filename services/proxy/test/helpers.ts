// Test helpers: small real HTTP servers standing in for core, registry and portal (they echo what reached
// them and stream bodies), the proxy started in-process, and a raw HTTP client that sends paths and Host
// headers exactly as given (fetch would normalise both).
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createLogger } from '@harbor/telemetry';
import { ProxyConfigSchema, type ProxyConfigInput } from '../src/config.js';
import { startProxy, type RunningProxy } from '../src/server.js';

export interface Echo {
  upstream: string;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
  bodySha256: string;
  /** The proxy's source port: equal across requests when the proxy reuses its upstream connection. */
  peerPort: number;
}

export interface EchoUpstream {
  name: string;
  url: string;
  port: number;
  close(): Promise<void>;
}

const CHUNK = 64 * 1024;

/** A deterministic byte stream of `size` bytes (each 64 KiB chunk differs, so reordering would show). */
export function patternStream(size: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const n = Math.min(CHUNK, size - sent);
      const chunk = Buffer.alloc(n, sent / CHUNK);
      chunk.writeUInt32BE(sent / CHUNK, 0);
      sent += n;
      this.push(chunk);
    },
  });
}

export async function sha256Of(stream: Readable): Promise<{ digest: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { digest: hash.digest('hex'), bytes };
}

/**
 * An upstream that answers `/…/stream/<bytes>` with a pattern body, `/…/auth` with a registry 401,
 * `/…/slow` never, `/…/cut` with a truncated body, and anything else with an Echo of the request.
 */
export async function startEchoUpstream(name: string): Promise<EchoUpstream> {
  const server = createServer(async (req, res) => {
    const url = req.url ?? '';
    const path = url.split('?')[0];
    const streamed = /\/stream\/(\d+)$/.exec(path);
    res.setHeader('X-Upstream', name);
    if (streamed) {
      const size = Number(streamed[1]);
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) });
      await pipeline(patternStream(size), res).catch(() => undefined);
      return;
    }
    if (path.endsWith('/auth')) {
      req.resume();
      res.writeHead(401, {
        'Content-Type': 'application/json',
        'Docker-Distribution-API-Version': 'registry/2.0',
        'WWW-Authenticate': 'Bearer realm="https://harbor.example.com/service/token",service="harbor-registry",scope="repository:library/a:pull"',
      });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    if (path.endsWith('/slow')) return; // never answers
    if (path.endsWith('/cut')) {
      res.writeHead(200, { 'Content-Length': '100000' });
      res.write(Buffer.alloc(1000));
      setTimeout(() => res.destroy(), 50);
      return;
    }
    const { digest, bytes } = await sha256Of(req);
    const echo: Echo = { upstream: name, method: req.method ?? '', url, headers: req.headers, bodyBytes: bytes, bodySha256: digest, peerPort: req.socket.remotePort ?? 0 };
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(echo));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { name, url: `http://127.0.0.1:${port}`, port, close: () => closeServer(server) };
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export interface Suite {
  proxy: RunningProxy;
  registry: EchoUpstream;
  core: EchoUpstream;
  portal: EchoUpstream | null;
  close(): Promise<void>;
}

/** The proxy in front of fresh echo upstreams; `withPortal: false` leaves the portal undeployed. */
export async function startSuite(options: { withPortal?: boolean; config?: Partial<ProxyConfigInput> } = {}): Promise<Suite> {
  const registry = await startEchoUpstream('registry');
  const core = await startEchoUpstream('core');
  const portal = options.withPortal === false ? null : await startEchoUpstream('portal');
  const config = ProxyConfigSchema.parse({
    http: { addr: '127.0.0.1:0' },
    upstreams: { registry: registry.url, core: core.url, ...(portal ? { portal: portal.url } : {}) },
    ...options.config,
  });
  const proxy = await startProxy(config, createLogger('proxy', process.env.TEST_LOG_LEVEL ?? 'silent'));
  return {
    proxy,
    registry,
    core,
    portal,
    async close() {
      await proxy.close();
      await Promise.all([registry.close(), core.close(), portal?.close()]);
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json<T = Echo>(): T;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string | Readable;
  /** For https: self-signed certificates are accepted. */
  tls?: boolean;
}

/** Sends `path` verbatim (no normalisation, no re-encoding) to 127.0.0.1:port. */
export function rawRequest(port: number, path: string, options: RawRequest = {}): Promise<RawResponse> {
  const { method = 'GET', headers = {}, body, tls = false } = options;
  return new Promise((resolve, reject) => {
    const send = tls ? httpsRequest : httpRequest;
    const req = send({ host: '127.0.0.1', port, path, method, headers, agent: false, rejectUnauthorized: false }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buf, json: <T>() => JSON.parse(buf.toString('utf8')) as T });
      });
    });
    req.on('error', reject);
    if (body instanceof Readable) body.pipe(req);
    else req.end(body);
  });
}
