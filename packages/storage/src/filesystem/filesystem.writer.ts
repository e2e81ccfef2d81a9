// The filesystem driver's writer, in two modes:
// - atomic (new content, and append onto a path that does not exist yet): bytes go to a private temp file
//   under the driver's temp directory (same file system as the target), which commit fsyncs and renames
//   onto the path, so readers see either the old file or the whole new one, never a prefix; cancel unlinks
//   it. Concurrent writers to one path each own a temp file; the last rename wins, intact.
// - in place (append onto an existing file): bytes are appended to the file itself after the committed
//   size. This is the copy-free way to continue a large file (making the result appear atomically would
//   need the old bytes copied into a new inode, or reflinks, which common file systems lack). Trade-off,
//   the same as distribution's filesystem driver: the committed prefix is never disturbed, but a reader
//   may see appended bytes before commit; cancel truncates back to the committed size. One appender per
//   path at a time.
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileWriter } from '../driver.js';
import { StorageError } from '../errors.js';

type Mode = { kind: 'atomic'; tmp: string } | { kind: 'in-place'; committedSize: number };

/** Chunks are gathered into writes of about this size: one syscall per MiB, not per socket read. */
const FLUSH_BYTES = 1 << 20;
/** A background fdatasync is started every this many bytes, so the fsync at commit has little left. */
const SYNC_EVERY_BYTES = 64 << 20;

async function writeAll(handle: FileHandle, buffers: Buffer[]): Promise<void> {
  let rest = buffers;
  while (rest.length) {
    const { bytesWritten } = await handle.writev(rest);
    let skip = bytesWritten;
    const next: Buffer[] = [];
    for (const b of rest) {
      if (skip >= b.length) skip -= b.length;
      else { next.push(skip ? b.subarray(skip) : b); skip = 0; }
    }
    rest = next;
  }
}

export class FilesystemWriter implements FileWriter {
  private bytes: number;
  private closed = false;
  // Writes are serialised through one queue (position-less writes must not reorder). A failed write
  // poisons it, so every later write and the commit fail too instead of leaving a gap.
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  // Chunks are copied into a block: callers may reuse their buffers once write() has resolved.
  private block: Buffer = Buffer.allocUnsafe(FLUSH_BYTES);
  // Blocks whose write has completed, reused so a large upload allocates three blocks, not one per MiB.
  private spare: Buffer[] = [];
  private bufferedBytes = 0;
  private inflight = 0;
  private unsynced = 0;
  private syncing: Promise<void> | null = null;

  private constructor(
    private readonly handle: FileHandle,
    private readonly target: string,
    private readonly mode: Mode,
    private readonly driver: string,
  ) {
    this.bytes = mode.kind === 'in-place' ? mode.committedSize : 0;
  }

  /** A writer whose content appears at target only on commit. */
  static async atomic(tmpDir: string, target: string, driver: string): Promise<FilesystemWriter> {
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomUUID());
    const handle = await open(tmp, 'wx');
    return new FilesystemWriter(handle, target, { kind: 'atomic', tmp }, driver);
  }

  /** A writer appending to the existing file at target (see the module comment for visibility). */
  static async inPlace(target: string, driver: string): Promise<FilesystemWriter> {
    const handle = await open(target, 'a');
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw new StorageError(`not a file: ${target}`, driver);
      return new FilesystemWriter(handle, target, { kind: 'in-place', committedSize: stats.size }, driver);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get size(): number {
    return this.bytes;
  }

  /**
   * Accepts a chunk. Chunks are gathered into ~1 MiB writes; one write may be in flight while the caller
   * fills the next, and the returned promise waits only when a second would queue (backpressure).
   */
  write(chunk: Buffer): Promise<void> {
    this.assertOpen();
    if (this.failure) return Promise.reject(this.failure);
    let flushed: Promise<void> | null = null;
    for (let offset = 0; offset < chunk.length;) {
      const n = chunk.copy(this.block, this.bufferedBytes, offset);
      offset += n;
      this.bufferedBytes += n;
      if (this.bufferedBytes === FLUSH_BYTES) flushed = this.flush();
    }
    this.bytes += chunk.length;
    return flushed && this.inflight > 1 ? flushed : Promise.resolve();
  }

  private flush(): Promise<void> {
    const length = this.bufferedBytes;
    const block = this.block;
    this.block = this.spare.pop() ?? Buffer.allocUnsafe(FLUSH_BYTES);
    this.bufferedBytes = 0;
    this.inflight++;
    const run = this.queue.then(() => writeAll(this.handle, [block.subarray(0, length)])).then(
      () => {
        this.inflight--;
        if (this.spare.length < 2) this.spare.push(block);
        this.unsynced += length;
        if (this.unsynced >= SYNC_EVERY_BYTES && !this.syncing) {
          this.unsynced = 0;
          // Concurrent with later writes; commit waits for it before its own (now short) fsync.
          this.syncing = this.handle.datasync().finally(() => { this.syncing = null; });
          this.syncing.catch(() => undefined);
        }
      },
      (error: unknown) => {
        this.inflight--;
        this.failure ??= error;
        throw error;
      },
    );
    this.queue = run;
    run.catch(() => undefined); // observed through the queue, write() and commit()
    return run;
  }

  async commit(): Promise<void> {
    this.assertOpen();
    this.closed = true;
    try {
      if (this.bufferedBytes) this.flush();
      await this.queue;
      await this.syncing;
      await this.handle.sync();
    } catch (error) {
      await this.discard();
      throw error;
    }
    await this.handle.close();
    if (this.mode.kind === 'atomic') await this.publish(this.mode.tmp);
  }

  async cancel(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    await this.discard();
  }

  private async publish(tmp: string): Promise<void> {
    try {
      await mkdir(dirname(this.target), { recursive: true });
      await rename(tmp, this.target);
    } catch (error) {
      // A concurrent delete of the parent tree can race the mkdir; one retry settles it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        await unlink(tmp).catch(() => undefined);
        throw error;
      }
      await mkdir(dirname(this.target), { recursive: true });
      await rename(tmp, this.target).catch(async (again: unknown) => {
        await unlink(tmp).catch(() => undefined);
        throw again;
      });
    }
  }

  private async discard(): Promise<void> {
    if (this.mode.kind === 'in-place') {
      await this.handle.truncate(this.mode.committedSize).catch(() => undefined);
      await this.handle.close().catch(() => undefined);
    } else {
      await this.handle.close().catch(() => undefined);
      await unlink(this.mode.tmp).catch(() => undefined);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError(`writer for ${this.target} is already committed or cancelled`, this.driver);
  }
}
