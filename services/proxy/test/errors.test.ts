// Failures of an upstream, answered in the format its clients parse: OCI errors (with the distribution
// API header) on /v2, Harbor's errors on the API, a small page for the portal; 504 for an upstream that
// stops answering; a cut connection for a body cut off upstream.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '@harbor/telemetry';
import { freePort } from '@harbor/testkit';
import { ProxyConfigSchema } from '../src/config.js';
import { startProxy, type RunningProxy } from '../src/server.js';
import { rawRequest, startSuite, type Suite } from './helpers.js';

interface ErrorBody {
  errors: Array<{ code: string; message: string }>;
}

describe('upstreams down', () => {
  let proxy: RunningProxy;
  before(async () => {
    const [registry, core, portal] = [await freePort(), await freePort(), await freePort()];
    proxy = await startProxy(ProxyConfigSchema.parse({
      http: { addr: '127.0.0.1:0' },
      upstreams: { registry: `http://127.0.0.1:${registry}`, core: `http://127.0.0.1:${core}`, portal: `http://127.0.0.1:${portal}` },
    }), createLogger('proxy', 'silent'));
  });
  after(() => proxy.close());

  test('/v2 answers 502 with an OCI UNAVAILABLE error and the distribution header', async () => {
    for (const [method, path] of [['GET', '/v2/'], ['PUT', '/v2/library/a/blobs/uploads/x?digest=sha256:0'], ['GET', '/v2']]) {
      const res = await rawRequest(proxy.port, path, { method, body: method === 'PUT' ? Buffer.alloc(1024 * 1024) : undefined });
      assert.equal(res.status, 502, path);
      assert.equal(res.headers['docker-distribution-api-version'], 'registry/2.0');
      assert.match(res.headers['content-type'] ?? '', /^application\/json/);
      const body = res.json<ErrorBody>();
      assert.equal(body.errors.length, 1);
      assert.equal(body.errors[0].code, 'UNAVAILABLE');
      assert.match(body.errors[0].message, /registry/);
    }
  });

  test('the API prefixes answer 502 with a Harbor SERVICE_UNAVAILABLE error', async () => {
    for (const path of ['/api/v2.0/projects', '/c/login', '/service/token', '/chartrepo/library/index.yaml']) {
      const res = await rawRequest(proxy.port, path);
      assert.equal(res.status, 502, path);
      assert.equal(res.headers['docker-distribution-api-version'], undefined);
      const body = res.json<ErrorBody>();
      assert.equal(body.errors[0].code, 'SERVICE_UNAVAILABLE');
      assert.match(body.errors[0].message, /core/);
    }
  });

  test('the portal answers 502 as a page to browsers', async () => {
    const res = await rawRequest(proxy.port, '/harbor', { headers: { Accept: 'text/html' } });
    assert.equal(res.status, 502);
    assert.match(res.headers['content-type'] ?? '', /text\/html/);
  });

  test('the portal answers 502 in JSON to a client that prefers it (a script calling the console URL)', async () => {
    const res = await rawRequest(proxy.port, '/harbor', { headers: { Accept: 'application/json, text/plain, */*' } });
    assert.equal(res.status, 502);
    assert.match(res.headers['content-type'] ?? '', /application\/json/);
    assert.equal(res.json<ErrorBody>().errors[0].code, 'SERVICE_UNAVAILABLE');
  });

  test('the health probe answers HEAD too, without a body', async () => {
    const res = await rawRequest(proxy.port, '/healthz', { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 0);
  });

  test('HEAD gets the status without a body', async () => {
    const res = await rawRequest(proxy.port, '/v2/library/a/blobs/sha256:00', { method: 'HEAD' });
    assert.equal(res.status, 502);
    assert.equal(res.body.length, 0);
  });

  test('the proxy itself stays healthy', async () => {
    assert.equal((await rawRequest(proxy.port, '/healthz')).status, 200);
  });
});

describe('upstreams that stall or break', () => {
  let suite: Suite;
  before(async () => {
    suite = await startSuite({ config: { timeouts: { registry: '400ms', default: '300ms' } } });
  });
  after(() => suite.close());

  test('an upstream that does not answer in time gives 504 in the surface format', async () => {
    const v2 = await rawRequest(suite.proxy.port, '/v2/library/a/slow');
    assert.equal(v2.status, 504);
    assert.equal(v2.json<ErrorBody>().errors[0].code, 'UNAVAILABLE');
    const api = await rawRequest(suite.proxy.port, '/api/v2.0/slow');
    assert.equal(api.status, 504);
    assert.equal(api.json<ErrorBody>().errors[0].code, 'SERVICE_UNAVAILABLE');
  });

  test('a body cut off upstream reaches the client as a broken response, not a hang', async () => {
    const started = Date.now();
    await assert.rejects(rawRequest(suite.proxy.port, '/v2/library/a/blobs/cut'));
    assert.ok(Date.now() - started < 2000, 'client was left waiting');
  });

  test('the stalled requests left the proxy working', async () => {
    assert.equal((await rawRequest(suite.proxy.port, '/v2/')).json().upstream, 'registry');
  });
});
