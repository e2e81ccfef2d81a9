// TLS: a self-signed certificate generated on first run (and reused after), HTTPS serving every route with
// HSTS and X-Forwarded-Proto https, and the plain port answering 308 to the same path on HTTPS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { createLogger } from '@harbor/telemetry';
import { makeTempDir, removeDir } from '@harbor/testkit';
import { ProxyConfigSchema } from '../src/config.js';
import { startProxy, type RunningProxy } from '../src/server.js';
import { rawRequest, startEchoUpstream, type EchoUpstream } from './helpers.js';

describe('TLS with a generated self-signed certificate', () => {
  let registry: EchoUpstream;
  let core: EchoUpstream;
  let dir: string;
  let proxy: RunningProxy;
  const config = () => ProxyConfigSchema.parse({
    http: { addr: '127.0.0.1:0' },
    externalURL: 'https://harbor.test.local',
    upstreams: { registry: registry.url, core: core.url },
    tls: { enabled: true, port: 0, generateSelfSigned: true },
    dataDir: join(dir, 'data'),
  });

  before(async () => {
    [registry, core] = await Promise.all([startEchoUpstream('registry'), startEchoUpstream('core')]);
    dir = makeTempDir('proxy-tls');
    // externalURL is https on 443, but the test listens on a free port: redirect to the port we bound.
    proxy = await startProxy({ ...config(), externalURL: undefined }, createLogger('proxy', 'silent'));
  });
  after(async () => {
    await proxy?.close();
    await Promise.all([registry.close(), core.close()]);
    removeDir(dir);
  });

  test('the certificate and key are written to the data directory', () => {
    const cert = join(dir, 'data', 'tls', 'proxy.crt');
    const key = join(dir, 'data', 'tls', 'proxy.key');
    assert.ok(existsSync(cert) && existsSync(key));
    assert.equal(statSync(key).mode & 0o077, 0, 'private key readable by others');
    assert.match(new X509Certificate(readFileSync(cert)).subject, /CN=localhost/);
  });

  test('HTTPS serves the routes, with HSTS and X-Forwarded-Proto https', async () => {
    assert.ok(proxy.httpsPort);
    assert.equal(proxy.url, `https://127.0.0.1:${proxy.httpsPort}`);
    const v2 = await rawRequest(proxy.httpsPort!, '/v2/?n=1', { tls: true, headers: { Host: `harbor.local:${proxy.httpsPort}` } });
    assert.equal(v2.status, 200);
    const echo = v2.json();
    assert.equal(echo.upstream, 'registry');
    assert.equal(echo.url, '/v2/?n=1');
    assert.equal(echo.headers['x-forwarded-proto'], 'https');
    assert.equal(echo.headers['x-forwarded-host'], `harbor.local:${proxy.httpsPort}`);
    assert.match(v2.headers['strict-transport-security'] ?? '', /^max-age=31536000/);
    const api = await rawRequest(proxy.httpsPort!, '/api/v2.0/ping', { tls: true });
    assert.equal(api.json().upstream, 'core');
    assert.equal(api.headers['x-frame-options'], 'DENY');
  });

  test('the HTTPS listener presents the generated certificate', async () => {
    const pem = readFileSync(join(dir, 'data', 'tls', 'proxy.crt'), 'utf8');
    const presented = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: proxy.httpsPort!, rejectUnauthorized: false }, () => {
        resolve(socket.getPeerX509Certificate()?.fingerprint256 ?? '');
        socket.end();
      });
      socket.on('error', reject);
    });
    assert.equal(presented, new X509Certificate(pem).fingerprint256);
  });

  test('plain HTTP answers 308 to the same path and query on the HTTPS port', async () => {
    for (const [method, path] of [['GET', '/v2/library/a/manifests/latest?x=1&y=%2F'], ['PUT', '/api/v2.0/projects/1'], ['GET', '/']]) {
      const res = await rawRequest(proxy.httpPort, path, { method, headers: { Host: `harbor.local:${proxy.httpPort}` }, body: method === 'PUT' ? '{}' : undefined });
      assert.equal(res.status, 308, path);
      assert.equal(res.headers.location, `https://harbor.local:${proxy.httpsPort}${path}`);
      assert.equal(res.headers['x-upstream'], undefined);
    }
  });

  test('a malformed Host falls back to the listener address in the redirect', async () => {
    const res = await rawRequest(proxy.httpPort, '/x', { headers: { Host: 'evil.example/path' } });
    assert.equal(res.status, 308);
    assert.equal(res.headers.location, `https://127.0.0.1:${proxy.httpsPort}/x`);
  });

  test('the plain port still answers the health probe', async () => {
    assert.equal((await rawRequest(proxy.httpPort, '/healthz')).status, 200);
  });

  test('a restart reuses the certificate; an https externalURL sets the redirect port', async () => {
    const before = readFileSync(join(dir, 'data', 'tls', 'proxy.crt'), 'utf8');
    const second = await startProxy(config(), createLogger('proxy', 'silent'));
    try {
      assert.equal(readFileSync(join(dir, 'data', 'tls', 'proxy.crt'), 'utf8'), before);
      const res = await rawRequest(second.httpPort, '/v2/', { headers: { Host: 'harbor.test.local' } });
      assert.equal(res.headers.location, 'https://harbor.test.local/v2/');
    } finally {
      await second.close();
    }
  });

  test('a certificate generated for an externalURL names its host', async () => {
    const other = makeTempDir('proxy-tls-cn');
    const p = await startProxy({ ...config(), dataDir: other }, createLogger('proxy', 'silent'));
    try {
      assert.match(new X509Certificate(readFileSync(join(other, 'tls', 'proxy.crt'))).subject, /CN=harbor\.test\.local/);
    } finally {
      await p.close();
      removeDir(other);
    }
  });

  test('TLS without certificate files or generateSelfSigned fails at start-up', async () => {
    await assert.rejects(
      startProxy({ ...config(), tls: { ...config().tls, generateSelfSigned: false, certificate: join(dir, 'no.crt'), privateKey: join(dir, 'no.key') } }, createLogger('proxy', 'silent')),
      /does not exist/,
    );
  });
});
