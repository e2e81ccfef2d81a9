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

export class FilesystemWriter implements FileWriter {
  private bytes: number;
  private closed = false;
  // Serialises writes even if a caller does not await each one: position-less writes could reorder.
  private queue: Promise<void> = Promise.resolve();

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

  write(chunk: Buffer): Promise<void> {
    this.assertOpen();
    const run = this.queue.then(async () => {
      let offset = 0;
      while (offset < chunk.length) {
        const { bytesWritten } = await this.handle.write(chunk, offset, chunk.length - offset);
        offset += bytesWritten;
      }
      this.bytes += chunk.length;
    });
    // A failed write poisons the queue so later writes and commit fail too, instead of leaving a gap.
    this.queue = run;
    return run;
  }

  async commit(): Promise<void> {
    this.assertOpen();
    this.closed = true;
    try {
      await this.queue;
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
