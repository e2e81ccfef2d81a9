import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@harbor/config';
import { loadRegistryConfig, parseListenAddress } from './config.js';

const DISTRIBUTION_CONFIG = `
version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
auth:
  token:
    realm: https://harbor.example.com/service/token
    service: harbor-registry
    issuer: harbor-token-issuer
    rootcertbundle: /etc/registry/root.crt
`;

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'regcfg-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'config.yml'), text);
  return join(dir, 'config.yml');
}

test('a distribution config file is read unchanged, with DATABASE_URL from the environment', () => {
  const cfg = loadRegistryConfig(file(DISTRIBUTION_CONFIG), { DATABASE_URL: 'postgresql://x@db/registry' });
  assert.equal(cfg.http.addr, ':5000');
  assert.equal(cfg.storage.filesystem?.rootdirectory, '/var/lib/registry');
  assert.equal(cfg.storage.delete.enabled, true);
  assert.equal(cfg.auth?.token?.service, 'harbor-registry');
  assert.equal(cfg.database.url, 'postgresql://x@db/registry');
  assert.equal(cfg.storage.maintenance.uploadpurging.age, 168 * 3_600_000);
});

test('REGISTRY_* variables override the file, including switching the storage driver', () => {
  const cfg = loadRegistryConfig(file(DISTRIBUTION_CONFIG), {
    DATABASE_URL: 'postgresql://x@db/registry',
    REGISTRY_HTTP_ADDR: '127.0.0.1:6000',
    REGISTRY_STORAGE: 's3',
    REGISTRY_STORAGE_S3_BUCKET: 'images',
    REGISTRY_STORAGE_S3_REGIONENDPOINT: 'http://127.0.0.1:9000',
    REGISTRY_STORAGE_MAINTENANCE_UPLOADPURGING_AGE: '2h',
  });
  assert.equal(cfg.http.addr, '127.0.0.1:6000');
  assert.equal(cfg.storage.filesystem, undefined);
  assert.equal(cfg.storage.s3?.bucket, 'images');
  assert.equal(cfg.storage.delete.enabled, true);
  assert.equal(cfg.storage.maintenance.uploadpurging.age, 2 * 3_600_000);
});

test('bad configuration fails fast naming the key', () => {
  assert.throws(() => loadRegistryConfig(file('http: {addr: 1}\n'), {}), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /database/);
    return true;
  });
  assert.throws(() => loadRegistryConfig(file('auth: {token: {realm: "not a url", service: s, issuer: i, rootcertbundle: r}}\n'), { DATABASE_URL: 'postgresql://x/y' }),
    /auth\.token\.realm/);
});

test('a storage driver this registry lacks (azure, gcs, swift, oss) is refused at start, never replaced by filesystem', () => {
  const env = { DATABASE_URL: 'postgresql://x/y' };
  for (const driver of ['azure', 'gcs', 'swift', 'oss', 'inmemory']) {
    assert.throws(() => loadRegistryConfig(file(`storage:\n  ${driver}:\n    bucket: b\n  delete:\n    enabled: true\n`), env), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, new RegExp(`storage driver "${driver}" is not supported`));
      return true;
    });
  }
  assert.throws(() => loadRegistryConfig(file('storage:\n  filesystem: {}\n  s3: {bucket: b}\n'), env), /exactly one storage driver \(found filesystem, s3\)/);
  // Settings alone (cache, delete, redirect, maintenance) still mean the default filesystem driver.
  const cfg = loadRegistryConfig(file('storage:\n  cache: {blobdescriptor: inmemory}\n  delete: {enabled: true}\n'), env);
  assert.equal(cfg.storage.filesystem?.rootdirectory, '/var/lib/registry');
  assert.equal(cfg.storage.s3, undefined);
});

test('listen addresses', () => {
  assert.deepEqual(parseListenAddress(':5000'), { host: '0.0.0.0', port: 5000 });
  assert.deepEqual(parseListenAddress('127.0.0.1:0'), { host: '127.0.0.1', port: 0 });
  assert.deepEqual(parseListenAddress('[::1]:80'), { host: '::1', port: 80 });
});
