// Streaming a byte range of stored content into a writable (an HTTP response): the driver's copyTo fast
// path when it has one, otherwise its reader cut to length.
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StorageDriver } from './driver.js';

async function* take(source: Readable, length: number): AsyncGenerator<Buffer> {
  let left = length;
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      if (buf.length >= left) {
        yield buf.subarray(0, left);
        return;
      }
      left -= buf.length;
      yield buf;
    }
  } finally {
    source.destroy();
  }
}

export async function copyRange(driver: StorageDriver, path: string, start: number, length: number, dest: Writable): Promise<void> {
  if (length <= 0) return;
  if (driver.copyTo) return driver.copyTo(path, start, length, dest);
  const source = await driver.reader(path, start);
  await pipeline(take(source, length), dest, { end: false });
}

/**
 * Writes `length` bytes read by `read(buffer, position)` to dest through two alternating buffers, reusing a
 * buffer only once dest has flushed it (its write callback), so a large transfer allocates nothing per
 * chunk and memory stays at two buffers whatever the size.
 */
export async function pumpWithReusedBuffers(
  read: (buffer: Buffer, length: number, position: number) => Promise<number>,
  start: number,
  length: number,
  dest: Writable,
  bufferSize = 1 << 20,
): Promise<void> {
  const buffers = [Buffer.allocUnsafe(Math.min(bufferSize, length)), Buffer.allocUnsafe(Math.min(bufferSize, length))];
  const flushed: Array<Promise<void> | null> = [null, null];
  let closedError: Error | null = null;
  const onClose = () => { closedError ??= Object.assign(new Error('destination closed'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }); };
  dest.once('close', onClose);
  dest.once('error', onClose);
  try {
    let position = start;
    let left = length;
    for (let i = 0; left > 0; i ^= 1) {
      await flushed[i];
      if (closedError) throw closedError;
      const buf = buffers[i];
      const n = await read(buf, Math.min(buf.length, left), position);
      if (n <= 0) throw new Error(`unexpected end of content at ${position}`);
      position += n;
      left -= n;
      flushed[i] = new Promise<void>((resolve, reject) => {
        dest.write(buf.subarray(0, n), (err) => (err ? reject(err) : resolve()));
      });
      flushed[i]!.catch(() => undefined);
    }
    await Promise.all(flushed);
  } finally {
    dest.off('close', onClose);
    dest.off('error', onClose);
  }
}
