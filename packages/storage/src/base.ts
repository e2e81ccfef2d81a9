// The one wrapper every driver is used through (distribution's base.Base): it validates every path before
// the driver sees it, turns any error that is not already a StorageError into one (so callers only ever
// see the typed errors of errors.ts), and reports each operation's duration to an optional hook, which
// keeps this package free of any metrics dependency.
import type { Readable, Writable } from 'node:stream';
import { copyRange } from './copy.js';
import type { FileInfo, FileWriter, RedirectOptions, StorageDriver } from './driver.js';
import { InvalidPathError, StorageError } from './errors.js';

const SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * True when path is absolute, '/'-separated, without empty, '.' or '..' segments and without a trailing
 * slash; the root '/' is valid only when allowRoot is set (list, walk).
 */
export function isValidPath(path: unknown, allowRoot = false): boolean {
  if (typeof path !== 'string') return false;
  if (path === '/') return allowRoot;
  if (!path.startsWith('/') || path.endsWith('/')) return false;
  return path
    .slice(1)
    .split('/')
    .every((segment) => SEGMENT.test(segment) && segment !== '.' && segment !== '..');
}

/** Called after every driver operation (not for rejected paths) with its name, duration and outcome. */
export type OperationHook = (op: string, ms: number, ok: boolean) => void;

export interface BaseDriverOptions {
  onOperation?: OperationHook;
}

/** Passes typed errors through; wraps anything else (fs, network, client errors) as its cause. */
export function asStorageError(error: unknown, driver: string, op: string, paths: string[]): StorageError {
  if (error instanceof StorageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError(`${driver}: ${op} ${paths.join(' -> ')}: ${message}`, driver, { cause: error });
}

export class BaseDriver implements StorageDriver {
  constructor(
    readonly driver: StorageDriver,
    private readonly options: BaseDriverOptions = {},
  ) {}

  get name(): string {
    return this.driver.name;
  }

  getContent(path: string): Promise<Buffer> {
    return this.run('getContent', [path], () => this.driver.getContent(path));
  }

  putContent(path: string, content: Buffer): Promise<void> {
    return this.run('putContent', [path], () => this.driver.putContent(path, content));
  }

  reader(path: string, offset = 0): Promise<Readable> {
    return this.run('reader', [path], () => this.driver.reader(path, offset));
  }

  copyTo(path: string, start: number, length: number, dest: Writable): Promise<void> {
    return this.run('copyTo', [path], () => copyRange(this.driver, path, start, length, dest));
  }

  async writer(path: string, append = false): Promise<FileWriter> {
    const inner = await this.run('writer', [path], () => this.driver.writer(path, append));
    return new BaseWriter(inner, path, this);
  }

  stat(path: string): Promise<FileInfo> {
    return this.run('stat', [path], () => this.driver.stat(path));
  }

  list(path: string): Promise<string[]> {
    return this.run('list', [path], () => this.driver.list(path), true);
  }

  move(source: string, dest: string): Promise<void> {
    return this.run('move', [source, dest], () => this.driver.move(source, dest));
  }

  delete(path: string): Promise<void> {
    return this.run('delete', [path], () => this.driver.delete(path));
  }

  redirectURL(path: string, options: RedirectOptions): Promise<string | null> {
    return this.run('redirectURL', [path], () => this.driver.redirectURL(path, options));
  }

  async walk(path: string, visit: (info: FileInfo) => Promise<void> | void): Promise<void> {
    // Errors thrown by the visitor belong to the caller (e.g. a sentinel to stop early): rethrow as is.
    let visitorError: { error: unknown } | undefined;
    const guarded = async (info: FileInfo) => {
      try {
        await visit(info);
      } catch (error) {
        visitorError = { error };
        throw error;
      }
    };
    try {
      await this.run('walk', [path], () => this.driver.walk(path, guarded), true);
    } catch (error) {
      if (visitorError && (error === visitorError.error || (error as Error).cause === visitorError.error)) {
        throw visitorError.error;
      }
      throw error;
    }
  }

  /** Validates paths, times fn, and maps foreign errors; shared with BaseWriter. */
  async run<T>(op: string, paths: string[], fn: () => Promise<T>, allowRoot = false): Promise<T> {
    for (const p of paths) {
      if (!isValidPath(p, allowRoot)) throw new InvalidPathError(String(p), this.name);
    }
    const start = performance.now();
    let ok = false;
    try {
      const result = await fn();
      ok = true;
      return result;
    } catch (error) {
      throw asStorageError(error, this.name, op, paths);
    } finally {
      this.report(op, performance.now() - start, ok);
    }
  }

  private report(op: string, ms: number, ok: boolean): void {
    try {
      this.options.onOperation?.(op, ms, ok);
    } catch {
      // A failing metrics hook must never fail a storage operation.
    }
  }
}

/** Maps the writer's errors and times commit/cancel; single writes are too frequent to be worth a sample. */
class BaseWriter implements FileWriter {
  constructor(
    private readonly inner: FileWriter,
    private readonly path: string,
    private readonly base: BaseDriver,
  ) {}

  get size(): number {
    return this.inner.size;
  }

  async write(chunk: Buffer): Promise<void> {
    try {
      await this.inner.write(chunk);
    } catch (error) {
      throw asStorageError(error, this.base.name, 'writer.write', [this.path]);
    }
  }

  commit(): Promise<void> {
    return this.base.run('writer.commit', [this.path], () => this.inner.commit());
  }

  cancel(): Promise<void> {
    return this.base.run('writer.cancel', [this.path], () => this.inner.cancel());
  }
}
