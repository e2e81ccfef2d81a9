// The S3 driver (minio client): storage path /a/b is key `<rootdirectory>/a/b`; directories are only key
// prefixes, so a directory exists while some object lives under it. S3 has no rename, so move is a server
// side copy then a delete (AWS caps a single copy at 5 GiB). Append continues an object by streaming its
// current content into a new upload and then the new bytes (S3 objects are immutable); the registry does
// not rely on append, it exists to honour the driver contract.
import { Readable } from 'node:stream';
import type { Client } from 'minio';
import type { FileInfo, FileWriter, RedirectOptions, StorageDriver } from '../driver.js';
import { InvalidOffsetError, PathNotFoundError } from '../errors.js';
import { createS3Client, parseS3Params, type ResolvedS3Params, type S3DriverParams } from './s3.params.js';
import { S3Writer } from './s3.writer.js';

const NAME = 's3';
const SEGMENT = /^[A-Za-z0-9._-]+$/;
const PAGE = 1000; // S3's maximum keys per listing and per multi-object delete
const DEFAULT_REDIRECT_EXPIRY = 20 * 60;

function code(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}
function isNotFound(error: unknown): boolean {
  const c = code(error);
  return c === 'NoSuchKey' || c === 'NotFound';
}

/** Direct children of a prefix: files with their info, and sub-directory paths. */
interface Children {
  files: Map<string, FileInfo>;
  dirs: Set<string>;
}

export class S3Driver implements StorageDriver {
  readonly name = NAME;
  private readonly params: ResolvedS3Params;
  private readonly client: Client;

  /** Params are validated (and defaulted) here; a client can be injected, e.g. with custom transport. */
  constructor(params: S3DriverParams, client?: Client) {
    this.params = parseS3Params({ ...params });
    this.client = client ?? createS3Client(this.params);
  }

  async getContent(path: string): Promise<Buffer> {
    const stream = await this.getObject(path);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async putContent(path: string, content: Buffer): Promise<void> {
    const writer = this.newWriter(path);
    await writer.write(content);
    await writer.commit();
  }

  async reader(path: string, offset = 0): Promise<Readable> {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidOffsetError(path, offset, NAME);
    if (offset === 0) return this.getObject(path);
    const size = (await this.statObject(path)).size;
    if (offset > size) throw new InvalidOffsetError(path, offset, NAME);
    if (offset === size) return Readable.from([]);
    try {
      return await this.client.getPartialObject(this.params.bucket, this.key(path), offset);
    } catch (error) {
      if (isNotFound(error)) throw new PathNotFoundError(path, NAME);
      // Replaced by a shorter object between the stat and the read.
      if (code(error) === 'InvalidRange') throw new InvalidOffsetError(path, offset, NAME);
      throw error;
    }
  }

  async writer(path: string, append = false): Promise<FileWriter> {
    const writer = this.newWriter(path);
    if (!append) return writer;
    let existing: Readable;
    try {
      existing = await this.getObject(path);
    } catch (error) {
      if (error instanceof PathNotFoundError) return writer; // appending to nothing starts a new object
      throw error;
    }
    try {
      for await (const chunk of existing) await writer.write(chunk as Buffer);
    } catch (error) {
      existing.destroy();
      await writer.cancel().catch(() => undefined);
      throw error;
    }
    return writer;
  }

  async stat(path: string): Promise<FileInfo> {
    try {
      return await this.statObject(path);
    } catch (error) {
      if (!(error instanceof PathNotFoundError)) throw error;
    }
    const page = await this.client.listObjectsV2Query(this.params.bucket, this.dirPrefix(path), '', '/', 1, '');
    if (page.objects.length > 0) return { path, size: 0, modTime: new Date(0), isDir: true };
    throw new PathNotFoundError(path, NAME);
  }

  async list(path: string): Promise<string[]> {
    const { files, dirs } = await this.children(path);
    const all = new Set([...files.keys(), ...dirs]);
    if (all.size === 0 && path !== '/') throw new PathNotFoundError(path, NAME);
    return [...all].sort();
  }

  async move(source: string, dest: string): Promise<void> {
    const { bucket } = this.params;
    if (source === dest) {
      await this.statObject(source);
      return;
    }
    try {
      await this.client.copyObject(bucket, this.key(dest), `/${bucket}/${this.key(source)}`);
    } catch (error) {
      if (isNotFound(error)) throw new PathNotFoundError(source, NAME);
      throw error;
    }
    await this.client.removeObject(bucket, this.key(source));
  }

  async delete(path: string): Promise<void> {
    const { bucket } = this.params;
    let removed = 0;
    try {
      await this.client.statObject(bucket, this.key(path));
      await this.client.removeObject(bucket, this.key(path));
      removed++;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    // Delete page by page; each listing starts over, since the previous page's keys are gone.
    let previousFirst: string | undefined;
    for (;;) {
      const page = await this.client.listObjectsV2Query(bucket, this.dirPrefix(path), '', '', PAGE, '');
      const keys = page.objects.flatMap((o) => (o.name === undefined ? [] : [o.name]));
      if (keys.length === 0) break;
      if (keys[0] === previousFirst) throw new Error(`delete of ${path} makes no progress at ${keys[0]}`);
      previousFirst = keys[0];
      const results = await this.client.removeObjects(bucket, keys);
      const failed = results.find((r) => r?.Error);
      if (failed?.Error) throw new Error(`cannot delete ${failed.Error.Key}: ${failed.Error.Code} ${failed.Error.Message}`);
      removed += keys.length;
    }
    if (removed === 0) throw new PathNotFoundError(path, NAME);
  }

  async redirectURL(path: string, options: RedirectOptions): Promise<string | null> {
    if (!this.params.redirect) return null;
    const expiry = options.expirySeconds ?? DEFAULT_REDIRECT_EXPIRY;
    return this.client.presignedUrl(options.method, this.params.bucket, this.key(path), expiry);
  }

  async walk(path: string, visit: (info: FileInfo) => Promise<void> | void): Promise<void> {
    const visited = await this.walkDir(path, visit);
    if (visited || path === '/') return;
    // Not a prefix: a single object, or nothing at all.
    await visit(await this.statObject(path));
  }

  /** Depth-first over sorted children, one delimited listing per directory; false if path had none. */
  private async walkDir(path: string, visit: (info: FileInfo) => Promise<void> | void): Promise<boolean> {
    const { files, dirs } = await this.children(path);
    const names = [...new Set([...files.keys(), ...dirs])].sort();
    for (const child of names) {
      const file = files.get(child);
      if (file) await visit(file);
      if (dirs.has(child)) await this.walkDir(child, visit);
    }
    return names.length > 0;
  }

  private async children(path: string): Promise<Children> {
    const prefix = this.dirPrefix(path);
    const base = path === '/' ? '/' : `${path}/`;
    const files = new Map<string, FileInfo>();
    const dirs = new Set<string>();
    let token = '';
    do {
      const page = await this.client.listObjectsV2Query(this.params.bucket, prefix, token, '/', PAGE, '');
      for (const item of page.objects) {
        const relative = (item.name ?? item.prefix).slice(prefix.length).replace(/\/$/, '');
        // Skip directory-marker objects ("a/") and keys that no valid storage path can name.
        if (!SEGMENT.test(relative) || relative === '.' || relative === '..') continue;
        const child = base + relative;
        if (item.name !== undefined) {
          files.set(child, { path: child, size: item.size, modTime: item.lastModified, isDir: false });
        } else {
          dirs.add(child);
        }
      }
      token = page.isTruncated ? page.nextContinuationToken : '';
    } while (token);
    return { files, dirs };
  }

  private newWriter(path: string): S3Writer {
    return new S3Writer(this.client, this.params.bucket, this.key(path), this.params.chunksize, NAME);
  }

  private async getObject(path: string): Promise<Readable> {
    try {
      return await this.client.getObject(this.params.bucket, this.key(path));
    } catch (error) {
      if (isNotFound(error)) throw new PathNotFoundError(path, NAME);
      throw error;
    }
  }

  private async statObject(path: string): Promise<FileInfo> {
    try {
      const info = await this.client.statObject(this.params.bucket, this.key(path));
      return { path, size: info.size, modTime: info.lastModified, isDir: false };
    } catch (error) {
      if (isNotFound(error)) throw new PathNotFoundError(path, NAME);
      throw error;
    }
  }

  /** The object key of a storage path. */
  private key(path: string): string {
    const relative = path === '/' ? '' : path.slice(1);
    const root = this.params.rootdirectory;
    if (!root) return relative;
    return relative ? `${root}/${relative}` : root;
  }

  /** The key prefix of everything under a directory path. */
  private dirPrefix(path: string): string {
    const key = this.key(path);
    return key ? `${key}/` : '';
  }
}
