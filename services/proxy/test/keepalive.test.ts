// Pooled upstream connections are retired before the upstream closes them: a request sent on a
// connection the upstream is closing fails with a reset, which the client would see as a 502. The proxy
// keeps an idle connection at most UPSTREAM_IDLE_MS, and a second less than the upstream's own
// `Keep-Alive: timeout=N` when that is shorter. Should a pooled connection be reset anyway (an upstream
// restarting), a request without a body that changes nothing is sent once more on a new connection;
// any other gets the 502.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createLogger } from '@harbor/telemetry';
import { ProxyConfigSchema } from '../src/config.js';
import { UPSTREAM_IDLE_MS } from '../src/http/upstream-agent.js';
import { startProxy, type RunningProxy } from '../src/server.js';
import { closeServer, rawRequest } from './helpers.js';

interface Upstream {
  server: Server;
  url: string;
  /** Resolves with ms between the last response and the proxy closing the connection (its FIN). */
  closedByProxy(): Promise<number>;
}

/** An upstream that answers 200 and never closes an idle connection itself unless keepAliveMs is set. */
async function startUpstream(keepAliveMs: number): Promise<Upstream> {
  let answeredAt = 0;
  let socket: Socket | undefined;
  const server = createServer({ keepAliveTimeout: keepAliveMs }, (_req, res) => {
    res.end('ok', () => (answeredAt = Date.now()));
  });
  server.on('connection', (s: Socket) => (socket = s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    closedByProxy: () => new Promise((resolve, reject) => {
      if (!socket) return reject(new Error('no connection reached the upstream'));
      socket.once('end', () => resolve(Date.now() - answeredAt)); // 'end': the peer sent FIN first
    }),
  };
}

async function proxyTo(upstream: Upstream): Promise<RunningProxy> {
  return startProxy(ProxyConfigSchema.parse({
    http: { addr: '127.0.0.1:0' },
    upstreams: { registry: upstream.url, core: upstream.url },
  }), createLogger('proxy', 'silent'));
}

describe('idle upstream connections', () => {
  const started: Array<{ proxy: RunningProxy; upstream: Upstream }> = [];
  after(async () => {
    for (const s of started) {
      await s.proxy.close();
      await closeServer(s.upstream.server);
    }
  });

  test('an upstream announcing no timeout: the proxy closes an idle connection after UPSTREAM_IDLE_MS', { timeout: 10_000 }, async () => {
    const upstream = await startUpstream(0); // keepAliveTimeout 0: no Keep-Alive header, never closes
    const proxy = await proxyTo(upstream);
    started.push({ proxy, upstream });
    const res = await rawRequest(proxy.port, '/v2/');
    assert.equal(res.status, 200);
    const idle = await upstream.closedByProxy();
    assert.ok(idle >= UPSTREAM_IDLE_MS - 100 && idle < UPSTREAM_IDLE_MS + 1_000, `closed after ${idle} ms`);
  });

  test('an upstream announcing Keep-Alive: timeout=2 gets its connection back a second before that', { timeout: 10_000 }, async () => {
    const upstream = await startUpstream(2_500); // Node announces timeout=2 and closes after 2.5 s
    const proxy = await proxyTo(upstream);
    started.push({ proxy, upstream });
    const res = await rawRequest(proxy.port, '/api/v2.0/ping');
    assert.equal(res.status, 200);
    assert.notEqual(res.headers['keep-alive'], 'timeout=2', "the upstream's hint stays on the proxy's side");
    const idle = await upstream.closedByProxy();
    assert.ok(idle >= 900 && idle < 1_800, `closed after ${idle} ms, before the upstream's 2.5 s`);
  });
});

describe('a pooled connection reset under a request', () => {
  let upstream: Server;
  const seen: string[] = [];
  before(async () => {
    // Answers the first request on each connection, then drops the connection on the next one unanswered:
    // the upstream closing a kept-alive connection just as the proxy sends on it. `/v2/always-reset` is
    // dropped on any connection.
    upstream = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const socket = req.socket as Socket & { served?: number };
      const served = socket.served ?? 0;
      socket.served = served + 1;
      if (served > 0 || req.url === '/v2/always-reset') {
        socket.destroy();
        return;
      }
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  });
  after(() => closeServer(upstream));

  /** A fresh proxy (an empty pool) with one connection pooled by a first GET, and what reached upstream after. */
  async function afterWarmUp(run: (proxy: RunningProxy) => Promise<void>): Promise<string[]> {
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const proxy = await startProxy(ProxyConfigSchema.parse({ http: { addr: '127.0.0.1:0' }, upstreams: { registry: url, core: url } }),
      createLogger('proxy', 'silent'));
    try {
      assert.equal((await rawRequest(proxy.port, '/v2/warm')).status, 200);
      seen.length = 0;
      await run(proxy);
      return [...seen];
    } finally {
      await proxy.close();
    }
  }

  for (const method of ['GET', 'HEAD', 'DELETE']) {
    test(`${method} without a body is sent again on a new connection and succeeds`, async () => {
      const reached = await afterWarmUp(async (proxy) => {
        assert.equal((await rawRequest(proxy.port, '/v2/again', { method })).status, 200);
      });
      assert.deepEqual(reached, [`${method} /v2/again`, `${method} /v2/again`]);
    });
  }

  test('a POST is not sent twice: the client gets the 502', async () => {
    const reached = await afterWarmUp(async (proxy) => {
      const res = await rawRequest(proxy.port, '/v2/library/a/blobs/uploads/', { method: 'POST', body: Buffer.from('x') });
      assert.equal(res.status, 502);
    });
    assert.deepEqual(reached, ['POST /v2/library/a/blobs/uploads/']);
  });

  test('a request is sent again once at most: reset again, the client gets the 502', async () => {
    const reached = await afterWarmUp(async (proxy) => {
      assert.equal((await rawRequest(proxy.port, '/v2/always-reset')).status, 502);
    });
    assert.deepEqual(reached, ['GET /v2/always-reset', 'GET /v2/always-reset']);
  });
});
