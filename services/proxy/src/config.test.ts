import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@harbor/config';
import { makeTempDir, removeDir } from '@harbor/testkit';
import { loadProxyConfig, parseListenAddress } from './config.js';

const UPSTREAMS = { PROXY_UPSTREAMS_CORE: 'http://127.0.0.1:8081', PROXY_UPSTREAMS_REGISTRY: 'http://127.0.0.1:5000' };

test('defaults: :8080, no TLS, no portal, nginx timeouts, untrusted forwarding headers', () => {
  const c = loadProxyConfig(undefined, UPSTREAMS);
  assert.equal(c.http.addr, ':8080');
  assert.equal(c.tls.enabled, false);
  assert.equal(c.tls.port, 8443);
  assert.equal(c.upstreams.portal, undefined);
  assert.equal(c.timeouts.registry, 900_000);
  assert.equal(c.timeouts.default, 60_000);
  assert.equal(c.trustForwardedHeaders, false);
  assert.equal(c.log.level, 'info');
  assert.ok(Object.isFrozen(c.upstreams));
});

test('a YAML file, with environment overrides winning, camelCase keys reachable from the environment', () => {
  const dir = makeTempDir('proxy-config');
  try {
    const path = join(dir, 'proxy.yml');
    writeFileSync(path, [
      'http:', '  addr: 127.0.0.1:9000',
      'externalURL: https://file.example',
      'upstreams:', '  core: http://core:8080', '  registry: http://registry:5000', '  portal: http://portal:8080',
      'tls:', '  enabled: true', '  certificate: /etc/tls/a.crt', '  privateKey: /etc/tls/a.key',
      'timeouts:', '  registry: 20m',
    ].join('\n'));
    const c = loadProxyConfig(path, {
      PROXY_EXTERNALURL: 'https://env.example:8443',
      PROXY_TLS_PRIVATEKEY: '/env/a.key',
      PROXY_TLS_PORT: '9443',
      PROXY_TRUSTFORWARDEDHEADERS: 'true',
      PROXY_LOG_LEVEL: 'debug',
    });
    assert.equal(c.http.addr, '127.0.0.1:9000');
    assert.equal(c.externalURL, 'https://env.example:8443');
    assert.equal(c.tls.privateKey, '/env/a.key');
    assert.equal(c.tls.certificate, '/etc/tls/a.crt');
    assert.equal(c.tls.port, 9443);
    assert.equal(c.trustForwardedHeaders, true);
    assert.equal(c.timeouts.registry, 1_200_000);
    assert.equal(c.upstreams.portal, 'http://portal:8080');
    assert.equal(c.log.level, 'debug');
  } finally {
    removeDir(dir);
  }
});

test('bad configuration fails naming each key', () => {
  assert.throws(() => loadProxyConfig(undefined, {}), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.ok(err.issues.some((i) => i.startsWith('upstreams')), err.message);
    return true;
  });
  assert.throws(() => loadProxyConfig(undefined, { ...UPSTREAMS, PROXY_UPSTREAMS_CORE: 'ftp://x' }), /upstreams\.core/);
  assert.throws(() => loadProxyConfig(undefined, { ...UPSTREAMS, PROXY_TLS_ENABLED: 'true' }), /tls/);
  assert.throws(() => loadProxyConfig(undefined, { ...UPSTREAMS, PROXY_HTTP_ADDR: 'localhost' }), /http\.addr/);
  assert.throws(() => loadProxyConfig(undefined, { ...UPSTREAMS, PROXY_TIMEOUTS_DEFAULT: 'soon' }), /timeouts\.default/);
});

test('TLS may rely on a generated certificate alone', () => {
  const c = loadProxyConfig(undefined, { ...UPSTREAMS, PROXY_TLS_ENABLED: 'true', PROXY_TLS_GENERATESELFSIGNED: 'true' });
  assert.equal(c.tls.generateSelfSigned, true);
});

test('listen addresses', () => {
  assert.deepEqual(parseListenAddress(':8080'), { host: '0.0.0.0', port: 8080 });
  assert.deepEqual(parseListenAddress('127.0.0.1:0'), { host: '127.0.0.1', port: 0 });
  assert.deepEqual(parseListenAddress('[::1]:80'), { host: '::1', port: 80 });
});
