import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { applyEnvOverrides, parseConfig, parseDuration, ConfigError } from './index.js';

test('env overrides set nested keys with YAML-typed values', () => {
  const out = applyEnvOverrides({ http: { addr: ':5000' } }, {
    REGISTRY_HTTP_ADDR: '127.0.0.1:6000',
    REGISTRY_STORAGE_DELETE_ENABLED: 'true',
    OTHER_X: '1',
  }, 'REGISTRY');
  assert.deepEqual(out, { http: { addr: '127.0.0.1:6000' }, storage: { delete: { enabled: true } } });
});

test('REGISTRY_STORAGE selects the driver and keeps the non-driver keys', () => {
  const raw = { storage: { filesystem: { rootdirectory: '/x' }, delete: { enabled: true } } };
  const out = applyEnvOverrides(raw, { REGISTRY_STORAGE: 's3', REGISTRY_STORAGE_S3_BUCKET: 'b' }, 'REGISTRY');
  assert.deepEqual(out, { storage: { s3: { bucket: 'b' }, delete: { enabled: true } } });
});

test('parseConfig names each bad key and freezes the result', () => {
  const schema = z.object({ http: z.object({ addr: z.string() }), n: z.number() });
  assert.throws(() => parseConfig(schema, { http: {}, n: 'x' }), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /http\.addr/);
    assert.match(err.message, /\bn:/);
    return true;
  });
  const ok = parseConfig(schema, { http: { addr: ':1' }, n: 1 });
  assert.ok(Object.isFrozen(ok) && Object.isFrozen(ok.http));
});

test('durations in Go form', () => {
  assert.equal(parseDuration('168h'), 168 * 3_600_000);
  assert.equal(parseDuration('1h30m10s'), 5_410_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.throws(() => parseDuration('10 days'), ConfigError);
});

test('env values that YAML would read as mappings stay strings; empty stays empty', () => {
  const out = applyEnvOverrides({}, { X_REDIS_KEYPREFIX: 'harbor-suite-1:', X_A: 'k: v', X_B: '', X_C: '[1, 2]', X_D: 'null' }, 'X');
  assert.deepEqual(out, { redis: { keyprefix: 'harbor-suite-1:' }, a: 'k: v', b: '', c: [1, 2], d: null });
});
