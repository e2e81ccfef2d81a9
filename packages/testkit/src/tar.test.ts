import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand as run, makeTempDir, removeDir } from './index.js';
import { tarStream, type TarEntry } from './tar.js';

async function collect(entries: TarEntry[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of tarStream(entries)) parts.push(b);
  return Buffer.concat(parts);
}

test('tar writer output is read back by GNU tar, long names included, and is reproducible', async () => {
  const longDir = `${'d'.repeat(60)}/${'e'.repeat(60)}`;
  const entries = (): TarEntry[] => [
    { type: 'dir', name: 'a' },
    { type: 'file', name: 'a/hello.txt', size: 5, body: [Buffer.from('hello')] },
    { type: 'file', name: 'a/run', mode: 0o755, size: 0, body: [] },
    { type: 'symlink', name: 'a/link', target: 'hello.txt' },
    { type: 'dir', name: longDir },
    { type: 'file', name: `${longDir}/f.bin`, size: 1000, body: [Buffer.alloc(600, 1), Buffer.alloc(400, 2)] },
  ];
  const a = await collect(entries());
  assert.ok(a.equals(await collect(entries())), 'same entries must give the same bytes');
  assert.equal(a.length % 512, 0);
  const dir = makeTempDir('tar');
  try {
    writeFileSync(join(dir, 't.tar'), a);
    const { stdout } = await run('tar', ['-tvf', join(dir, 't.tar')]);
    assert.match(stdout, /^-rw-r--r-- 0\/0 +5 1970-01-01 00:00 a\/hello\.txt$/m);
    assert.match(stdout, /^-rwxr-xr-x 0\/0 +0 .* a\/run$/m);
    assert.match(stdout, /^lrwxrwxrwx .* a\/link -> hello\.txt$/m);
    assert.ok(stdout.includes(`${longDir}/f.bin`));
    await run('tar', ['-xf', join(dir, 't.tar'), '-C', dir]);
    assert.equal(readFileSync(join(dir, 'a', 'hello.txt'), 'utf8'), 'hello');
    assert.equal(readFileSync(join(dir, longDir, 'f.bin')).length, 1000);
  } finally {
    removeDir(dir);
  }
});

test('tar writer rejects a file whose body does not match its declared size', async () => {
  await assert.rejects(collect([{ type: 'file', name: 'x', size: 3, body: [Buffer.from('ab')] }]), /declared 3 bytes, got 2/);
});
