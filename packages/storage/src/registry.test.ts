// Unit tests of the driver registry, through the package entry point that registers the built-in drivers.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BaseDriver, createDriver, registerDriver, registeredDrivers, StorageError } from './index.js';
import { FilesystemDriver } from './filesystem/filesystem.driver.js';

describe('driver registry', () => {
  it('has the filesystem and s3 drivers registered', () => {
    assert.deepEqual(
      registeredDrivers().filter((n) => n === 'filesystem' || n === 's3'),
      ['filesystem', 's3'],
    );
  });

  it('creates drivers wrapped in BaseDriver', async () => {
    const root = await mkdtemp(join(tmpdir(), 'harbor-registry-'));
    try {
      const d = createDriver('filesystem', { rootdirectory: root });
      assert.ok(d instanceof BaseDriver);
      assert.ok(d.driver instanceof FilesystemDriver);
      assert.equal(d.name, 'filesystem');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('names the unknown driver and the known ones', () => {
    assert.throws(
      () => createDriver('azure', {}),
      (error: unknown) =>
        error instanceof StorageError && /unknown storage driver "azure"/.test(error.message) && /filesystem, s3/.test(error.message),
    );
  });

  it('refuses a second driver under a taken name', () => {
    assert.throws(() => registerDriver('filesystem', (p) => new FilesystemDriver({ rootdirectory: String(p.x) })), /already registered/);
  });

  it('passes parameter errors through, naming the key', () => {
    assert.throws(() => createDriver('filesystem', { rootdirectory: 42 }), /"rootdirectory" must be a string/);
    assert.throws(() => createDriver('s3', { bucket: 'b' }), /"region"/);
  });
});
