import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPortalConfig } from './config.js';

test('the portal reads PORTAL_* overrides and refuses a bad address', () => {
  const c = loadPortalConfig(undefined, { PORTAL_HTTP_ADDR: '127.0.0.1:9999', PORTAL_LOG_LEVEL: 'warn' });
  assert.equal(c.http.addr, '127.0.0.1:9999');
  assert.equal(c.log.level, 'warn');
  assert.match(c.webRoot, /services\/portal\/dist\/web$/);
  assert.throws(() => loadPortalConfig(undefined, { PORTAL_HTTP_ADDR: 'nowhere' }), /http\.addr/);
});
