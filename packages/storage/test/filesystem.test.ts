// Runs the shared driver suite against the filesystem driver (a fresh temp root per test), plus the
// filesystem-only guarantees: hidden temp files, atomic replacement under an open reader, in-place append.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createDriver, type StorageDriver } from '../src/index.js';
import { readAll, runDriverSuite } from './driver-suite.js';

const roots: string[] = [];

async function makeDriver(): Promise<StorageDriver> {
  const root = await mkdtemp(join(tmpdir(), 'harbor-fs-driver-'));
  roots.push(root);
  return createDriver('filesystem', { rootdirectory: root });
}

async function cleanup(): Promise<void> {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
}

runDriverSuite('filesystem', makeDriver, cleanup);

describe('filesystem driver specifics', () => {
  after(cleanup);

  it('keeps temp files out of list and walk, and removes them on commit and cancel', async () => {
    const d = await makeDriver();
    const root = roots[roots.length - 1];
    const w = await d.writer('/t/file');
    await w.write(Buffer.from('pending'));
    assert.equal((await readdir(join(root, '~tmp'))).length, 1);
    assert.deepEqual(await d.list('/'), []);
    await w.commit();
    const c = await d.writer('/t/other');
    await c.write(Buffer.from('discarded'));
    await c.cancel();
    assert.deepEqual(await readdir(join(root, '~tmp')), []);
    assert.deepEqual(await d.list('/'), ['/t']);
  });

  it('replaces content atomically under a reader that is already open', async () => {
    const d = await makeDriver();
    const old = Buffer.alloc(3 * 1024 * 1024, 'o');
    await d.putContent('/x/blob', old);
    const stream = await d.reader('/x/blob');
    await d.putContent('/x/blob', Buffer.from('new'));
    assert.ok((await readAll(stream)).equals(old));
    assert.equal((await d.getContent('/x/blob')).toString(), 'new');
  });

  it('appends in place and truncates back on cancel', async () => {
    const d = await makeDriver();
    await d.putContent('/ap/f', Buffer.from('base'));
    const w = await d.writer('/ap/f', true);
    await w.write(Buffer.alloc(3 * 1024 * 1024, 'm'));
    // Documented trade-off: appended bytes may be visible before commit; the committed prefix is untouched.
    assert.equal((await d.getContent('/ap/f')).subarray(0, 4).toString(), 'base');
    await w.cancel();
    assert.equal((await d.getContent('/ap/f')).toString(), 'base');
  });

  it('requires a rootdirectory', () => {
    assert.throws(() => createDriver('filesystem', {}), /rootdirectory/);
  });
});
