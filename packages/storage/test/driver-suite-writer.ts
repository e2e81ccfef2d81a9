// The writer half of the shared driver suite: visibility at commit, cancel, append, large streamed
// writes in bounded memory, and concurrent writers of one path.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PathNotFoundError, StorageError } from '../src/index.js';
import type { MakeDriver } from './driver-suite.js';

const MiB = 1024 * 1024;

// Live (not merely allocated) Buffer memory: garbage is collected first, so the figure reflects what is
// still referenced, by the driver or, for in-process servers, by the server.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
async function liveExternalMemory(): Promise<number> {
  // V8 frees ArrayBuffer backing stores in a background sweep after a collection; a second collection
  // after a short pause makes the figure settle.
  gc();
  await new Promise((resolve) => setTimeout(resolve, 5));
  gc();
  return process.memoryUsage().arrayBuffers;
}

export function defineWriterTests(makeDriver: MakeDriver): void {
  it('makes written content visible only on commit', async () => {
    const d = await makeDriver();
    const w = await d.writer('/wr/new/file');
    await w.write(Buffer.from('hello '));
    await w.write(Buffer.from('world'));
    assert.equal(w.size, 11);
    await assert.rejects(d.stat('/wr/new/file'), PathNotFoundError);
    await assert.rejects(d.getContent('/wr/new/file'), PathNotFoundError);
    await w.commit();
    assert.equal((await d.getContent('/wr/new/file')).toString(), 'hello world');
    assert.equal((await d.stat('/wr/new/file')).size, 11);
    await assert.rejects(w.write(Buffer.from('late')), StorageError);
  });

  it('leaves nothing behind on cancel, and keeps the previous content', async () => {
    const d = await makeDriver();
    const w = await d.writer('/cx/file');
    await w.write(Buffer.alloc(1000, 1));
    await w.cancel();
    await assert.rejects(d.stat('/cx/file'), PathNotFoundError);
    await assert.rejects(d.stat('/cx'), PathNotFoundError);
    assert.deepEqual(await d.list('/'), []);

    await d.putContent('/cx/kept', Buffer.from('old'));
    const over = await d.writer('/cx/kept');
    await over.write(Buffer.from('new content'));
    await over.cancel();
    assert.equal((await d.getContent('/cx/kept')).toString(), 'old');
    assert.deepEqual(await d.list('/cx'), ['/cx/kept']);
  });

  it('continues an existing file in append mode', async () => {
    const d = await makeDriver();
    await d.putContent('/ap/file', Buffer.from('hello '));
    const w = await d.writer('/ap/file', true);
    assert.equal(w.size, 6);
    await w.write(Buffer.from('world'));
    assert.equal(w.size, 11);
    await w.commit();
    assert.equal((await d.getContent('/ap/file')).toString(), 'hello world');

    const again = await d.writer('/ap/file', true);
    await again.write(Buffer.from('!!!'));
    await again.cancel();
    assert.equal((await d.getContent('/ap/file')).toString(), 'hello world');

    // Appending to a path that does not exist yet starts it.
    const fresh = await d.writer('/ap/fresh', true);
    assert.equal(fresh.size, 0);
    await fresh.write(Buffer.from('start'));
    await fresh.commit();
    assert.equal((await d.getContent('/ap/fresh')).toString(), 'start');
  });

  it('streams a 20 MiB write chunk by chunk in bounded memory', async () => {
    const d = await makeDriver();
    const chunk = Buffer.alloc(MiB);
    const expected = createHash('sha256');
    const baseline = await liveExternalMemory();
    let peak = 0;
    const w = await d.writer('/big/blob');
    for (let i = 0; i < 20; i++) {
      // One reused buffer: a driver must have taken its copy (or written it) once write resolves.
      chunk.fill(i + 1);
      chunk.writeUInt32BE(i, 0);
      expected.update(chunk);
      await w.write(chunk);
      if (i % 2 === 1) peak = Math.max(peak, (await liveExternalMemory()) - baseline);
    }
    await w.commit();
    assert.equal(w.size, 20 * MiB);
    // Buffering the whole object would keep >= 20 MiB alive; a part-sized buffer (S3) is fine.
    assert.ok(peak < 10 * MiB, `external memory grew by ${(peak / MiB).toFixed(1)} MiB while writing`);
    assert.equal((await d.stat('/big/blob')).size, 20 * MiB);
    const actual = createHash('sha256');
    for await (const part of await d.reader('/big/blob')) actual.update(part as Buffer);
    assert.equal(actual.digest('hex'), expected.digest('hex'));
    const tail = createHash('sha256');
    for await (const part of await d.reader('/big/blob', 19 * MiB)) tail.update(part as Buffer);
    chunk.fill(20);
    chunk.writeUInt32BE(19, 0);
    assert.equal(tail.digest('hex'), createHash('sha256').update(chunk).digest('hex'));
  });

  it('lets concurrent writers of one path both succeed, leaving one of them intact', async () => {
    const d = await makeDriver();
    const contents = [Buffer.alloc(300_000, 'a'), Buffer.alloc(200_000, 'b')];
    const writers = await Promise.all(contents.map(() => d.writer('/cc/same')));
    // Interleave the writes so both writers are open at once.
    for (let offset = 0; offset < 300_000; offset += 50_000) {
      for (let i = 0; i < writers.length; i++) {
        const slice = contents[i].subarray(offset, offset + 50_000);
        if (slice.length) await writers[i].write(slice);
      }
    }
    await Promise.all(writers.map((w) => w.commit()));
    const final = await d.getContent('/cc/same');
    assert.ok(contents.some((c) => c.equals(final)), `final content (${final.length} bytes) matches no writer`);

    const puts = Array.from({ length: 8 }, (_, i) => Buffer.alloc(10_000 + i * 1000, String(i)));
    await Promise.all(puts.map((p) => d.putContent('/cc/put', p)));
    const put = await d.getContent('/cc/put');
    assert.ok(puts.some((p) => p.equals(put)), 'concurrent putContent left mixed content');
  });
}
