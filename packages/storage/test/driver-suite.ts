// The one behavioural suite every storage driver must pass (distribution's testsuites): each test gets a
// fresh, empty driver from makeDriver (wrapped by BaseDriver, as production code uses it).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable, type Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import {
  InvalidOffsetError,
  InvalidPathError,
  PathNotFoundError,
  copyRange,
  type FileInfo,
  type StorageDriver,
} from '../src/index.js';
import { defineWriterTests } from './driver-suite-writer.js';

export type MakeDriver = () => Promise<StorageDriver>;

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function paths(d: StorageDriver, root: string): Promise<string[]> {
  const seen: string[] = [];
  await d.walk(root, (info) => {
    seen.push(info.path);
  });
  return seen;
}

export function runDriverSuite(name: string, makeDriver: MakeDriver, cleanup: () => Promise<void>): void {
  describe(`storage driver: ${name}`, () => {
    after(cleanup);

    it('round-trips content and overwrites it', async () => {
      const d = await makeDriver();
      await d.putContent('/a/b/c.txt', Buffer.from('first'));
      assert.equal((await d.getContent('/a/b/c.txt')).toString(), 'first');
      await d.putContent('/a/b/c.txt', Buffer.from('second, longer'));
      assert.equal((await d.getContent('/a/b/c.txt')).toString(), 'second, longer');
      await d.putContent('/a/empty', Buffer.alloc(0));
      assert.equal((await d.getContent('/a/empty')).length, 0);
      assert.equal((await d.stat('/a/empty')).size, 0);
    });

    it('throws PathNotFoundError for missing paths', async () => {
      const d = await makeDriver();
      await d.putContent('/present/file', Buffer.from('x'));
      await assert.rejects(d.getContent('/missing'), PathNotFoundError);
      await assert.rejects(d.getContent('/present'), PathNotFoundError); // a directory has no content
      await assert.rejects(d.stat('/present/missing'), PathNotFoundError);
      await assert.rejects(d.reader('/missing'), PathNotFoundError);
      await assert.rejects(d.reader('/missing', 3), PathNotFoundError);
      await assert.rejects(d.list('/missing'), PathNotFoundError);
      await assert.rejects(d.list('/present/file'), PathNotFoundError);
      await assert.rejects(d.delete('/missing'), PathNotFoundError);
      await assert.rejects(d.move('/missing', '/elsewhere'), PathNotFoundError);
      await assert.rejects(d.walk('/missing', () => undefined), PathNotFoundError);
      assert.deepEqual(await d.list('/'), ['/present']);
    });

    it('reads from offsets and rejects offsets past the end', async () => {
      const d = await makeDriver();
      const data = Buffer.from('0123456789abcdef');
      await d.putContent('/r/data', data);
      assert.deepEqual(await readAll(await d.reader('/r/data')), data);
      assert.deepEqual(await readAll(await d.reader('/r/data', 0)), data);
      assert.equal((await readAll(await d.reader('/r/data', 7))).toString(), '789abcdef');
      assert.equal((await readAll(await d.reader('/r/data', data.length))).length, 0);
      await assert.rejects(d.reader('/r/data', data.length + 1), InvalidOffsetError);
      await assert.rejects(d.reader('/r/data', -1), InvalidOffsetError);
    });

    it('stats files and directories', async () => {
      const d = await makeDriver();
      const before = Date.now();
      await d.putContent('/s/dir/file', Buffer.from('12345'));
      const file = await d.stat('/s/dir/file');
      assert.equal(file.path, '/s/dir/file');
      assert.equal(file.size, 5);
      assert.equal(file.isDir, false);
      assert.ok(file.modTime instanceof Date);
      // Object stores keep whole seconds; allow for that and for clock rounding.
      assert.ok(Math.abs(file.modTime.getTime() - before) < 60_000, `modTime ${file.modTime.toISOString()}`);
      for (const dir of ['/s', '/s/dir']) {
        const info = await d.stat(dir);
        assert.equal(info.isDir, true, dir);
        assert.equal(info.path, dir);
      }
    });

    it('lists direct children sorted, and the root', async () => {
      const d = await makeDriver();
      for (const p of ['/l/b', '/l/a.txt', '/l/a/x', '/l/a-b', '/l/a/y/z', '/l/C', '/other']) {
        await d.putContent(p, Buffer.from(p));
      }
      assert.deepEqual(await d.list('/l'), ['/l/C', '/l/a', '/l/a-b', '/l/a.txt', '/l/b']);
      assert.deepEqual(await d.list('/l/a'), ['/l/a/x', '/l/a/y']);
      assert.deepEqual(await d.list('/'), ['/l', '/other']);
    });

    it('walks files depth-first in lexical order', async () => {
      const d = await makeDriver();
      const files = ['/w/b/c/d', '/w/a.txt', '/w/a/b', '/w/a-c', '/w/a/a', '/z'];
      for (const p of files) await d.putContent(p, Buffer.from(p));
      const expected = ['/w/a/a', '/w/a/b', '/w/a-c', '/w/a.txt', '/w/b/c/d'];
      assert.deepEqual(await paths(d, '/w'), expected);
      assert.deepEqual(await paths(d, '/'), [...expected, '/z']);
      assert.deepEqual(await paths(d, '/w/a.txt'), ['/w/a.txt']);
      const infos: FileInfo[] = [];
      await d.walk('/w/b', (info) => {
        infos.push(info);
      });
      assert.deepEqual(
        infos.map((i) => [i.path, i.size, i.isDir]),
        [['/w/b/c/d', 8, false]],
      );
      // A visitor's own error reaches the caller untouched.
      const stop = new Error('stop');
      await assert.rejects(
        d.walk('/w', () => {
          throw stop;
        }),
        (error) => error === stop,
      );
    });

    it('copies byte ranges into a writable (copyRange), with the fast path where the driver has one', async () => {
      const d = await makeDriver();
      const data = Buffer.alloc(3 * 1024 * 1024 + 17);
      for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
      await d.putContent('/copy/blob', data);
      for (const [start, length] of [[0, data.length], [5, 100], [1024 * 1024 - 3, 2 * 1024 * 1024], [data.length - 1, 1]]) {
        const chunks: Buffer[] = [];
        const sink = new Writable({ write(chunk, _enc, cb) { chunks.push(Buffer.from(chunk)); setImmediate(cb); } });
        await copyRange(d, '/copy/blob', start, length, sink);
        assert.ok(Buffer.concat(chunks).equals(data.subarray(start, start + length)), `range ${start}+${length}`);
      }
      await assert.rejects(copyRange(d, '/copy/missing', 0, 1, new Writable({ write(_c, _e, cb) { cb(); } })), PathNotFoundError);
    });

    it('moves content, creating parents and replacing the destination', async () => {
      const d = await makeDriver();
      await d.putContent('/m/src', Buffer.from('source'));
      await d.move('/m/src', '/m/deep/new/dest');
      assert.equal((await d.getContent('/m/deep/new/dest')).toString(), 'source');
      await assert.rejects(d.stat('/m/src'), PathNotFoundError);
      await d.putContent('/m/other', Buffer.from('replacement'));
      await d.move('/m/other', '/m/deep/new/dest');
      assert.equal((await d.getContent('/m/deep/new/dest')).toString(), 'replacement');
      await assert.rejects(d.getContent('/m/other'), PathNotFoundError);
    });

    it('deletes files and whole trees, leaving siblings with a common prefix', async () => {
      const d = await makeDriver();
      for (const p of ['/d/x', '/d/y/z', '/d/y/w/v', '/dd', '/d-sibling/k']) await d.putContent(p, Buffer.from(p));
      await d.delete('/d/x');
      await assert.rejects(d.stat('/d/x'), PathNotFoundError);
      assert.ok((await d.stat('/d/y/z')).size > 0);
      await d.delete('/d');
      await assert.rejects(d.stat('/d'), PathNotFoundError);
      await assert.rejects(d.stat('/d/y/w/v'), PathNotFoundError);
      assert.deepEqual(await paths(d, '/'), ['/d-sibling/k', '/dd']);
    });

    it('rejects invalid paths before touching storage', async () => {
      const d = await makeDriver();
      const bad = ['../x', 'a/b', '/a//b', '/a/', '', '/a/./b', '/a/../b', '/a b', '/a\\b', '/ä'];
      for (const p of bad) {
        await assert.rejects(d.putContent(p, Buffer.from('x')), InvalidPathError, `putContent ${p}`);
        await assert.rejects(d.getContent(p), InvalidPathError, `getContent ${p}`);
        await assert.rejects(d.list(p), InvalidPathError, `list ${p}`);
        await assert.rejects(d.writer(p), InvalidPathError, `writer ${p}`);
      }
      await assert.rejects(d.delete('/'), InvalidPathError);
      await assert.rejects(d.getContent('/'), InvalidPathError);
      await assert.rejects(d.move('/a', '/b/'), InvalidPathError);
      assert.deepEqual(await d.list('/'), []);
      assert.deepEqual(await paths(d, '/'), []);
    });

    it('gives a redirect URL serving the content, or null', async () => {
      const d = await makeDriver();
      await d.putContent('/u/blob', Buffer.from('redirected content'));
      const url = await d.redirectURL('/u/blob', { method: 'GET' });
      if (url === null) return; // drivers without redirects (filesystem) say so with null
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'redirected content');
      const head = await d.redirectURL('/u/blob', { method: 'HEAD', expirySeconds: 60 });
      assert.ok(head);
      const headRes = await fetch(head, { method: 'HEAD' });
      assert.equal(headRes.status, 200);
      assert.equal(headRes.headers.get('content-length'), '18');
    });

    defineWriterTests(makeDriver);
  });
}
