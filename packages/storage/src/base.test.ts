// Unit tests of the base wrapper: path validation, error mapping and the operation hook, over the real
// filesystem driver in a temp directory.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BaseDriver, isValidPath } from './base.js';
import { InvalidPathError, PathNotFoundError, StorageError } from './errors.js';
import { FilesystemDriver } from './filesystem/filesystem.driver.js';

describe('isValidPath', () => {
  const valid = ['/a', '/a/b', '/a.b/c-d/e_f', '/...', '/.hidden', '/A9/z0', '/a/b/c/d/e/f/g'];
  const invalid = [
    '', 'a', 'a/b', '../x', './x', '/a/', '/a//b', '//a', '/a/./b', '/a/../b', '/.', '/..', '/a/..',
    '/a b', '/a\tb', '/a\\b', '/a:b', '/ä', '/a?b', '/a%2Fb', '/a\nb', '/~tmp',
  ];
  it('accepts absolute paths of [A-Za-z0-9._-] segments', () => {
    for (const p of valid) assert.equal(isValidPath(p), true, p);
  });
  it('rejects relative, empty-segment, dot-segment, trailing-slash and foreign-character paths', () => {
    for (const p of invalid) assert.equal(isValidPath(p), false, JSON.stringify(p));
  });
  it('accepts the root only where asked', () => {
    assert.equal(isValidPath('/'), false);
    assert.equal(isValidPath('/', true), true);
    assert.equal(isValidPath('//', true), false);
  });
  it('rejects non-strings', () => {
    for (const p of [undefined, null, 1, {}, ['/a']]) assert.equal(isValidPath(p), false);
  });
});

describe('BaseDriver', () => {
  let root: string;
  const ops: [string, boolean][] = [];
  let base: BaseDriver;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'harbor-base-'));
    base = new BaseDriver(new FilesystemDriver({ rootdirectory: root }), {
      onOperation: (op, ms, ok) => {
        assert.ok(ms >= 0);
        ops.push([op, ok]);
      },
    });
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('rejects invalid paths with InvalidPathError naming the path, before the driver runs', async () => {
    ops.length = 0;
    await assert.rejects(base.putContent('/a//b', Buffer.from('x')), (error: unknown) => {
      assert.ok(error instanceof InvalidPathError);
      assert.equal(error.path, '/a//b');
      assert.equal(error.driver, 'filesystem');
      return true;
    });
    await assert.rejects(base.move('/ok', '../escape'), InvalidPathError);
    await assert.rejects(base.stat('/'), InvalidPathError);
    await assert.rejects(base.redirectURL('x', { method: 'GET' }), InvalidPathError);
    assert.deepEqual(ops, []);
    assert.deepEqual(await base.list('/'), []);
  });

  it('reports each operation to the hook with its outcome', async () => {
    ops.length = 0;
    await base.putContent('/h/file', Buffer.from('x'));
    await assert.rejects(base.getContent('/h/missing'), PathNotFoundError);
    const w = await base.writer('/h/w');
    await w.write(Buffer.from('y'));
    await w.commit();
    assert.deepEqual(ops, [
      ['putContent', true],
      ['getContent', false],
      ['writer', true],
      ['writer.commit', true],
    ]);
  });

  it('wraps errors that are not storage errors, keeping the cause', async () => {
    await base.putContent('/f', Buffer.from('a file'));
    // '/f' is a file, so a child of it cannot be created: the OS says ENOTDIR/EEXIST, not a typed error.
    await assert.rejects(base.putContent('/f/child', Buffer.from('x')), (error: unknown) => {
      assert.equal(error instanceof StorageError, true);
      assert.equal(error instanceof PathNotFoundError, false);
      assert.match((error as Error).message, /filesystem: putContent \/f\/child/);
      assert.ok((error as Error).cause instanceof Error);
      return true;
    });
  });

  it('keeps working when the hook throws', async () => {
    const noisy = new BaseDriver(new FilesystemDriver({ rootdirectory: root }), {
      onOperation: () => {
        throw new Error('metrics down');
      },
    });
    await noisy.putContent('/n', Buffer.from('ok'));
    assert.equal((await noisy.getContent('/n')).toString(), 'ok');
  });
});
