// The filesystem driver: storage paths map onto files under `rootdirectory`. Writes are atomic through
// temp files kept in `<root>/~tmp`, a name no valid storage path can address ('~' is outside the path
// alphabet), so list and walk never show them; list and walk also skip any other entry whose name is not
// a valid path segment. Temp files orphaned by a crash stay in ~tmp (safe to delete when no writer runs).
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pumpWithReusedBuffers } from '../copy.js';
import type { FileInfo, FileWriter, RedirectOptions, StorageDriver } from '../driver.js';
import { InvalidOffsetError, PathNotFoundError, StorageError } from '../errors.js';
import { stringParam } from '../params.js';
import { FilesystemWriter } from './filesystem.writer.js';

export interface FilesystemDriverParams {
  rootdirectory: string;
}

const NAME = 'filesystem';
const TMP_DIR = '~tmp';
const SEGMENT = /^[A-Za-z0-9._-]+$/;
// Large reads: the default 64 KiB costs a syscall and a stream turn per 64 KiB on multi-GB blobs.
const READ_HIGH_WATER_MARK = 1024 * 1024;

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function parseFilesystemParams(params: Record<string, unknown>): FilesystemDriverParams {
  return { rootdirectory: stringParam(params, 'rootdirectory', NAME) };
}

export class FilesystemDriver implements StorageDriver {
  readonly name = NAME;
  private readonly root: string;
  private readonly tmpDir: string;

  constructor(params: FilesystemDriverParams) {
    this.root = resolve(params.rootdirectory);
    this.tmpDir = join(this.root, TMP_DIR);
  }

  async getContent(path: string): Promise<Buffer> {
    try {
      return await readFile(this.fullPath(path));
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') throw this.notFound(path);
      throw error;
    }
  }

  async putContent(path: string, content: Buffer): Promise<void> {
    const writer = await FilesystemWriter.atomic(this.tmpDir, this.fullPath(path), NAME);
    try {
      await writer.write(content);
    } catch (error) {
      await writer.cancel();
      throw error;
    }
    await writer.commit();
  }

  /** Range copy through two reused buffers: no allocation per chunk, so no GC churn on large pulls. */
  async copyTo(path: string, start: number, length: number, dest: Writable): Promise<void> {
    const handle = await open(this.fullPath(path), 'r').catch((error: unknown) => {
      throw isMissing(error) ? this.notFound(path) : error;
    });
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw this.notFound(path);
      if (start < 0 || start + length > stats.size) throw new InvalidOffsetError(path, start, NAME);
      await pumpWithReusedBuffers(
        async (buffer, n, position) => (await handle.read(buffer, 0, n, position)).bytesRead,
        start, length, dest, READ_HIGH_WATER_MARK);
    } finally {
      await handle.close();
    }
  }

  async reader(path: string, offset = 0): Promise<Readable> {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidOffsetError(path, offset, NAME);
    // Open first, then stat the handle: the size check and the stream refer to the same inode even if
    // the path is replaced meanwhile.
    const handle = await open(this.fullPath(path), 'r').catch((error: unknown) => {
      throw isMissing(error) ? this.notFound(path) : error;
    });
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw this.notFound(path);
      if (offset > stats.size) throw new InvalidOffsetError(path, offset, NAME);
    } catch (error) {
      await handle.close();
      throw error;
    }
    // The stream owns the handle from here (autoClose) and closes it on end, error or destroy.
    return handle.createReadStream({ start: offset, highWaterMark: READ_HIGH_WATER_MARK });
  }

  async writer(path: string, append = false): Promise<FileWriter> {
    const target = this.fullPath(path);
    if (append) {
      try {
        return await FilesystemWriter.inPlace(target, NAME);
      } catch (error) {
        if (!isMissing(error)) throw error;
        // Appending to nothing starts a new file, published atomically like any new content.
      }
    }
    return FilesystemWriter.atomic(this.tmpDir, target, NAME);
  }

  async stat(path: string): Promise<FileInfo> {
    return this.info(path, await this.statOrThrow(path));
  }

  async list(path: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.fullPath(path));
    } catch (error) {
      if (path === '/' && (error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      if (isMissing(error)) throw this.notFound(path);
      throw error;
    }
    const prefix = path === '/' ? '/' : `${path}/`;
    return names.filter((name) => this.isVisible(name)).map((name) => prefix + name).sort();
  }

  async move(source: string, dest: string): Promise<void> {
    await this.statOrThrow(source); // before creating the destination's parents
    if (source === dest) return;
    const to = this.fullPath(dest);
    await mkdir(dirname(to), { recursive: true });
    try {
      await rename(this.fullPath(source), to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw this.notFound(source);
      throw error;
    }
  }

  async delete(path: string): Promise<void> {
    await this.statOrThrow(path);
    await rm(this.fullPath(path), { recursive: true, force: true });
  }

  async redirectURL(_path: string, _options: RedirectOptions): Promise<string | null> {
    return null;
  }

  async walk(path: string, visit: (info: FileInfo) => Promise<void> | void): Promise<void> {
    let stats: Stats;
    try {
      stats = await this.statOrThrow(path);
    } catch (error) {
      if (path === '/' && error instanceof PathNotFoundError) return;
      throw error;
    }
    if (!stats.isDirectory()) {
      await visit(this.info(path, stats));
      return;
    }
    await this.walkDir(path, visit);
  }

  private async walkDir(path: string, visit: (info: FileInfo) => Promise<void> | void): Promise<void> {
    let children: string[];
    try {
      children = await this.list(path);
    } catch (error) {
      if (error instanceof PathNotFoundError) return; // removed while walking
      throw error;
    }
    for (const child of children) {
      let stats: Stats;
      try {
        stats = await stat(this.fullPath(child));
      } catch (error) {
        if (isMissing(error)) continue;
        throw error;
      }
      if (stats.isDirectory()) await this.walkDir(child, visit);
      else if (stats.isFile()) await visit(this.info(child, stats));
    }
  }

  private async statOrThrow(path: string): Promise<Stats> {
    try {
      return await stat(this.fullPath(path));
    } catch (error) {
      if (isMissing(error)) throw this.notFound(path);
      throw error;
    }
  }

  private info(path: string, stats: Stats): FileInfo {
    const isDir = stats.isDirectory();
    return { path, size: isDir ? 0 : stats.size, modTime: stats.mtime, isDir };
  }

  private isVisible(name: string): boolean {
    return SEGMENT.test(name) && name !== '.' && name !== '..';
  }

  /** The OS path of a storage path; BaseDriver validated it, the prefix check guards direct use. */
  private fullPath(path: string): string {
    const full = path === '/' ? this.root : join(this.root, ...path.slice(1).split('/'));
    if (full !== this.root && !full.startsWith(this.root + sep)) {
      throw new StorageError(`path escapes the root directory: ${path}`, NAME);
    }
    return full;
  }

  private notFound(path: string): PathNotFoundError {
    return new PathNotFoundError(path, NAME);
  }
}
