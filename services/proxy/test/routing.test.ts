// The route table end to end: each prefix reaches its upstream with method, path, query and Host intact;
// /v1/ is 404; without a portal `/` answers 503; the proxy's own /healthz never leaves it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest, startSuite, type Suite } from './helpers.js';

describe('routing', () => {
  let suite: Suite;
  before(async () => {
    suite = await startSuite();
  });
  after(() => suite.close());

  const cases: Array<[string, string]> = [
    ['/v2/', 'registry'],
    ['/v2', 'registry'],
    ['/v2/library/alpine/manifests/latest', 'registry'],
    ['/api/v2.0/projects', 'core'],
    ['/api/version', 'core'],
    ['/c/login', 'core'],
    ['/service/token?service=harbor-registry&scope=repository:a:pull', 'core'],
    ['/chartrepo/library/index.yaml', 'core'],
    ['/', 'portal'],
    ['/harbor/projects', 'portal'],
    ['/v2x', 'portal'],
    ['/apis', 'portal'],
    ['/api', 'portal'], // as nginx: only `/api/` is a core location
  ];
  for (const [path, upstream] of cases) {
    test(`${path} → ${upstream}`, async () => {
      const res = await rawRequest(suite.proxy.port, path);
      assert.equal(res.status, 200, res.body.toString());
      const echo = res.json();
      assert.equal(echo.upstream, upstream);
      assert.equal(echo.url, path);
      assert.equal(echo.method, 'GET');
    });
  }

  test('repeated slashes route like nginx (merged) and cannot dodge the /v2 entry', async () => {
    const res = await rawRequest(suite.proxy.port, '//v2//library/a/tags/list');
    assert.equal(res.json().upstream, 'registry');
  });

  test('/v1/ answers 404 without reaching any upstream', async () => {
    const res = await rawRequest(suite.proxy.port, '/v1/_ping');
    assert.equal(res.status, 404);
    assert.equal(res.headers['x-upstream'], undefined);
    assert.equal(res.json<{ errors: Array<{ code: string }> }>().errors[0].code, 'NOT_FOUND');
  });

  test('/healthz is answered by the proxy itself', async () => {
    const res = await rawRequest(suite.proxy.port, '/healthz');
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-upstream'], undefined);
    assert.deepEqual(res.json<unknown>(), { status: 'ok' });
  });

  test('methods and request bodies pass through', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']) {
      const body = method === 'HEAD' || method === 'DELETE' || method === 'OPTIONS' ? undefined : `body of ${method}`;
      const res = await rawRequest(suite.proxy.port, '/api/v2.0/things', { method, body });
      assert.equal(res.status, 200, method);
      if (method === 'HEAD') continue;
      const echo = res.json();
      assert.equal(echo.method, method);
      assert.equal(echo.bodyBytes, body ? Buffer.byteLength(body) : 0);
    }
  });

  test('query strings and encoded paths arrive byte for byte', async () => {
    const paths = [
      '/v2/library/a%2Fb/manifests/sha256:abc?ns=docker.io&n=10&last=x%2Fy',
      '/v2/library/a%252Fb/blobs/uploads/?from=lib%2Fother&mount=sha256%3Aff',
      '/api/v2.0/projects/library/repositories/a%252Fb/artifacts?q=name%3D~foo&page=1&with_tag=true',
      '/api/v2.0/search?q=%E2%9C%93+x',
      '/c/login?redirect_url=%2Fharbor%2Fprojects%3Fa%3Db',
      '/static/a%20b.js?v=1&v=2',
    ];
    for (const path of paths) {
      const res = await rawRequest(suite.proxy.port, path);
      assert.equal(res.json().url, path);
    }
  });

  test('the client Host header reaches the upstream unchanged', async () => {
    const res = await rawRequest(suite.proxy.port, '/api/v2.0/ping', { headers: { Host: 'harbor.example.com:8443' } });
    assert.equal(res.json().headers.host, 'harbor.example.com:8443');
  });

  test('upstream connections are kept alive and reused', async () => {
    const first = (await rawRequest(suite.proxy.port, '/api/v2.0/a')).json();
    const second = (await rawRequest(suite.proxy.port, '/api/v2.0/b')).json();
    assert.equal(second.peerPort, first.peerPort);
  });

  test('dot segments, raw or encoded, are refused rather than resolved differently upstream', async () => {
    for (const path of ['/v2/../api/v2.0/users', '/api/%2e%2e/v2/x', '/./c/login']) {
      const res = await rawRequest(suite.proxy.port, path);
      assert.equal(res.status, 400, path);
      assert.equal(res.headers['x-upstream'], undefined);
    }
  });

  test('an absolute-form request target is refused', async () => {
    const res = await rawRequest(suite.proxy.port, 'http://evil.example/api/v2.0/users');
    assert.equal(res.status, 400);
  });
});

describe('routing without a portal', () => {
  let suite: Suite;
  before(async () => {
    suite = await startSuite({ withPortal: false });
  });
  after(() => suite.close());

  test('`/` answers 503 "not deployed" as JSON to API clients', async () => {
    const res = await rawRequest(suite.proxy.port, '/', { headers: { Accept: 'application/json' } });
    assert.equal(res.status, 503);
    assert.match(res.headers['content-type'] ?? '', /application\/json/);
    const body = res.json<{ errors: Array<{ code: string; message: string }> }>();
    assert.equal(body.errors[0].code, 'SERVICE_UNAVAILABLE');
    assert.match(body.errors[0].message, /portal is not deployed/);
  });

  test('and as a small HTML page to browsers', async () => {
    const res = await rawRequest(suite.proxy.port, '/harbor/projects', { headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    assert.equal(res.status, 503);
    assert.match(res.headers['content-type'] ?? '', /text\/html/);
    assert.match(res.body.toString(), /portal is not deployed/);
  });

  test('the API and registry still work', async () => {
    assert.equal((await rawRequest(suite.proxy.port, '/api/v2.0/ping')).json().upstream, 'core');
    assert.equal((await rawRequest(suite.proxy.port, '/v2/')).json().upstream, 'registry');
  });
});
