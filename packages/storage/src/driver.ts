// The storage driver contract, in the spirit of distribution's storagedriver.StorageDriver: a small
// interface over a hierarchical key space. Paths are absolute, '/'-separated, and validated by the base
// wrapper (see base.ts) before any driver sees them.
import type { Readable, Writable } from 'node:stream';

export interface FileInfo {
  path: string;
  size: number;
  modTime: Date;
  isDir: boolean;
}

/**
 * A writer that makes nothing visible until commit(); cancel() discards what was written. Exception: a
 * writer opened in append mode on the filesystem driver writes into the existing file (as distribution's
 * does), so readers may see appended bytes before commit; the registry never appends.
 */
export interface FileWriter {
  /** Appends a chunk; resolves when it has been accepted (backpressure). */
  write(chunk: Buffer): Promise<void>;
  /** Bytes in the file so far (including the existing content when opened in append mode). */
  readonly size: number;
  /** Flushes, makes the content durable and visible at the path. */
  commit(): Promise<void>;
  /** Discards everything written through this writer. */
  cancel(): Promise<void>;
}

export interface RedirectOptions {
  method: 'GET' | 'HEAD';
  expirySeconds?: number;
}

export interface StorageDriver {
  readonly name: string;
  getContent(path: string): Promise<Buffer>;
  /** Atomically replaces the content at path. */
  putContent(path: string, content: Buffer): Promise<void>;
  /** A stream of the content from offset (default 0). Throws InvalidOffsetError past the end. */
  reader(path: string, offset?: number): Promise<Readable>;
  /**
   * Optional fast path: writes bytes [start, start + length) of the file to dest and resolves once dest
   * has taken them all. Use copyRange() (copy.ts), which falls back to reader() for drivers without it.
   */
  copyTo?(path: string, start: number, length: number, dest: Writable): Promise<void>;
  /** Opens a writer; append=true continues an existing file. */
  writer(path: string, append?: boolean): Promise<FileWriter>;
  stat(path: string): Promise<FileInfo>;
  /** Direct children of a directory path, as absolute paths, sorted. */
  list(path: string): Promise<string[]>;
  /** Moves an object; replaces the destination if it exists. */
  move(source: string, dest: string): Promise<void>;
  /** Deletes a file or a whole directory tree. */
  delete(path: string): Promise<void>;
  /** A URL a client can be redirected to for this content, or null when the driver has none. */
  redirectURL(path: string, options: RedirectOptions): Promise<string | null>;
  /** Visits every file (not directory) under path, depth-first in lexical order. */
  walk(path: string, visit: (info: FileInfo) => Promise<void> | void): Promise<void>;
}
