// What upstreams and clients see in headers: X-Forwarded-* and X-Real-IP set by the proxy (spoofed values
// dropped unless trusted), hop-by-hop headers removed, security headers added, and upstream auth challenges
// passed through untouched.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest, startSuite, type Suite } from './helpers.js';

describe('forwarding headers (untrusted clients)', () => {
  let suite: Suite;
  before(async () => {
    suite = await startSuite();
  });
  after(() => suite.close());

  test('X-Forwarded-Proto/-Host/-For and X-Real-IP describe the real client', async () => {
    const res = await rawRequest(suite.proxy.port, '/api/v2.0/ping', { headers: { Host: 'harbor.local:8080' } });
    const { headers } = res.json();
    assert.equal(headers['x-forwarded-proto'], 'http');
    assert.equal(headers['x-forwarded-host'], 'harbor.local:8080');
    assert.equal(headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(headers['x-real-ip'], '127.0.0.1');
    assert.equal(headers.host, 'harbor.local:8080');
  });

  test('spoofed forwarding headers from the client are replaced, not appended to', async () => {
    const res = await rawRequest(suite.proxy.port, '/v2/', {
      headers: {
        Host: 'harbor.local',
        'X-Forwarded-For': '6.6.6.6',
        'X-Forwarded-Proto': 'https',
        'X-Forwarded-Host': 'evil.example',
        'X-Forwarded-Port': '443',
        'X-Forwarded-Prefix': '/evil',
        'X-Real-IP': '6.6.6.6',
        Forwarded: 'for=6.6.6.6;proto=https',
      },
    });
    const { headers } = res.json();
    assert.equal(headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'http');
    assert.equal(headers['x-forwarded-host'], 'harbor.local');
    assert.equal(headers['x-real-ip'], '127.0.0.1');
    assert.equal(headers['x-forwarded-port'], undefined);
    assert.equal(headers['x-forwarded-prefix'], undefined);
    assert.equal(headers.forwarded, undefined);
  });

  test('hop-by-hop request headers stay on the client connection; end-to-end ones pass', async () => {
    const res = await rawRequest(suite.proxy.port, '/api/v2.0/ping', {
      headers: {
        Connection: 'keep-alive, X-Hop',
        'X-Hop': 'secret',
        'Keep-Alive': 'timeout=5',
        TE: 'trailers',
        Authorization: 'Basic YWRtaW46SGFyYm9yMTIzNDU=',
        Cookie: 'sid=abc',
        'User-Agent': 'docker/20.10',
      },
    });
    const { headers } = res.json();
    assert.equal(headers['x-hop'], undefined);
    assert.equal(headers['keep-alive'], undefined);
    assert.equal(headers.te, undefined);
    assert.equal(headers.authorization, 'Basic YWRtaW46SGFyYm9yMTIzNDU=');
    assert.equal(headers.cookie, 'sid=abc');
    assert.equal(headers['user-agent'], 'docker/20.10');
  });

  test('a 401 with WWW-Authenticate from the registry reaches the client untouched', async () => {
    const res = await rawRequest(suite.proxy.port, '/v2/library/a/auth', { method: 'PUT', body: Buffer.alloc(256 * 1024, 1) });
    assert.equal(res.status, 401);
    assert.equal(
      res.headers['www-authenticate'],
      'Bearer realm="https://harbor.example.com/service/token",service="harbor-registry",scope="repository:library/a:pull"',
    );
    assert.equal(res.headers['docker-distribution-api-version'], 'registry/2.0');
    assert.equal(res.body.toString(), '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
  });

  test('responses carry X-Frame-Options and nosniff, and no HSTS on plain HTTP', async () => {
    for (const path of ['/', '/api/v2.0/ping', '/v2/']) {
      const res = await rawRequest(suite.proxy.port, path);
      assert.equal(res.headers['x-frame-options'], 'DENY', path);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
      assert.equal(res.headers['strict-transport-security'], undefined, path);
      assert.equal(res.headers['x-powered-by'], undefined, path);
    }
  });

  test('a client asking to close gets its connection closed; others keep it alive', async () => {
    const closing = await rawRequest(suite.proxy.port, '/api/v2.0/ping', { headers: { Connection: 'close' } });
    assert.equal(closing.headers.connection, 'close');
    const kept = await rawRequest(suite.proxy.port, '/api/v2.0/ping', { headers: { Connection: 'keep-alive' } });
    assert.equal(kept.headers.connection, 'keep-alive');
  });
});

describe('forwarding headers behind a trusted proxy', () => {
  let suite: Suite;
  before(async () => {
    suite = await startSuite({ config: { trustForwardedHeaders: true } });
  });
  after(() => suite.close());

  test('the incoming chain is kept and the client address appended', async () => {
    const res = await rawRequest(suite.proxy.port, '/api/v2.0/ping', {
      headers: { Host: 'internal:8080', 'X-Forwarded-For': '203.0.113.7', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'harbor.example.com', 'X-Real-IP': '203.0.113.7' },
    });
    const { headers } = res.json();
    assert.equal(headers['x-forwarded-for'], '203.0.113.7, 127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'https');
    assert.equal(headers['x-forwarded-host'], 'harbor.example.com');
    assert.equal(headers['x-real-ip'], '203.0.113.7');
    assert.equal(headers.host, 'internal:8080');
  });

  test('without incoming values the proxy fills them in itself', async () => {
    const { headers } = (await rawRequest(suite.proxy.port, '/v2/', { headers: { Host: 'h:1' } })).json();
    assert.equal(headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'http');
    assert.equal(headers['x-forwarded-host'], 'h:1');
  });
});
