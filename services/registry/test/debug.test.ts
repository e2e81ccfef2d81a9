import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRegistry, type TestRegistry } from './helpers.js';

let reg: TestRegistry;
before(async () => {
  reg = await startTestRegistry({ http: { addr: '127.0.0.1:0', debug: { addr: '127.0.0.1:0' } } });
});
after(() => reg.stop());

test('the debug listener serves Prometheus metrics per route and a health probe; the public port does not', async () => {
  assert.ok(reg.debugUrl);
  await fetch(`${reg.url}/v2/`);
  await fetch(`${reg.url}/v2/x/y/manifests/latest`);
  const text = await (await fetch(`${reg.debugUrl}/metrics`)).text();
  assert.match(text, /registry_http_request_duration_seconds_count\{method="GET",route="base",code="200"\} 1/);
  assert.match(text, /registry_http_request_duration_seconds_count\{method="GET",route="manifest",code="404"\} 1/);
  assert.equal((await fetch(`${reg.debugUrl}/debug/health`)).status, 200);
  assert.equal((await fetch(`${reg.url}/metrics`)).status, 404);
});
