import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDriver, type StorageDriver } from '@harbor/storage';
import { createLogger } from '@harbor/telemetry';
import { UploadService } from '../src/domain/uploads/upload.service.js';
import { UploadPurger } from '../src/domain/uploads/upload-purger.js';

let root: string;
let storage: StorageDriver;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'purge-'));
  storage = createDriver('filesystem', { rootdirectory: root });
});
after(() => rm(root, { recursive: true, force: true }));

async function* bytes(n: number) {
  yield Buffer.alloc(n, 7);
}

test('abandoned uploads older than the age are purged; recent ones and dry runs keep theirs', async () => {
  const uploads = new UploadService(storage);
  const old = await uploads.start('ns/app');
  await uploads.append(old, bytes(100));
  const recent = await uploads.start('ns/app');
  const purger = new UploadPurger(uploads, { age: 60_000, interval: 3_600_000, dryrun: false }, createLogger('t', 'silent'));
  const dry = new UploadPurger(uploads, { age: 60_000, interval: 3_600_000, dryrun: true }, createLogger('t', 'silent'));

  const later = new Date(Date.now() + 30_000);
  assert.deepEqual(await purger.runOnce(later), [], 'nothing is older than a minute yet');
  const muchLater = new Date(Date.now() + 120_000);
  assert.deepEqual((await dry.runOnce(muchLater)).sort(), [old.id, recent.id].sort());
  assert.equal((await uploads.get(old.id, 'ns/app')).size, 100, 'a dry run removes nothing');
  assert.deepEqual((await purger.runOnce(muchLater)).sort(), [old.id, recent.id].sort());
  await assert.rejects(uploads.get(old.id, 'ns/app'), /upload unknown/);
});

test('a session belongs to its repository', async () => {
  const uploads = new UploadService(storage);
  const s = await uploads.start('ns/one');
  await assert.rejects(uploads.get(s.id, 'ns/two'), /upload unknown/);
});
