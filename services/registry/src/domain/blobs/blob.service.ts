// Blobs: existence per repository, byte streaming with ranges, redirects, cross-repository mounts,
// recording completed uploads, and unlinking on DELETE.
import { Readable } from 'node:stream';
import type { ParsedDigest } from '@harbor/contracts';
import type { StorageDriver } from '@harbor/storage';
import { RegistryError } from '../../http/errors.js';
import type { BlobRecord, BlobRepo } from '../../store/blob.repo.js';
import type { RepositoryRepo } from '../../store/repository.repo.js';
import { blobDataPath } from '../../store/paths.js';

export const OCTET_STREAM = 'application/octet-stream';

export function digestString(d: ParsedDigest): string {
  return `${d.algorithm}:${d.hex}`;
}

export class BlobService {
  constructor(
    private readonly storage: StorageDriver,
    private readonly repositories: RepositoryRepo,
    private readonly blobs: BlobRepo,
    private readonly redirects: boolean,
  ) {}

  async stat(repository: string, digest: ParsedDigest): Promise<BlobRecord> {
    const record = await this.blobs.findLinked(repository, digestString(digest));
    if (!record) throw new RegistryError('BLOB_UNKNOWN', { digest: digestString(digest) });
    return record;
  }

  /** A stream of bytes [start, end] (inclusive) of the blob. */
  async open(digest: ParsedDigest, start: number, end: number): Promise<Readable> {
    const stream = await this.storage.reader(blobDataPath(digest), start);
    if (end === Number.POSITIVE_INFINITY) return stream;
    return limit(stream, end - start + 1);
  }

  async redirectURL(digest: ParsedDigest, method: 'GET' | 'HEAD'): Promise<string | null> {
    if (!this.redirects) return null;
    return this.storage.redirectURL(blobDataPath(digest), { method });
  }

  /** Links a blob readable in `from` into `repository`; false when `from` cannot serve it. */
  async mount(repository: string, from: string, digest: ParsedDigest): Promise<boolean> {
    const record = await this.blobs.findLinked(from, digestString(digest));
    if (!record) return false;
    const repo = await this.repositories.ensure(repository);
    await this.blobs.link(repo, record);
    return true;
  }

  async recordUpload(repository: string, digest: ParsedDigest, size: number): Promise<void> {
    const repo = await this.repositories.ensure(repository);
    await this.blobs.link(repo, { digest: digestString(digest), size, contentType: OCTET_STREAM });
  }

  async delete(repository: string, digest: ParsedDigest): Promise<void> {
    const removed = await this.blobs.unlink(repository, digestString(digest));
    if (!removed) throw new RegistryError('BLOB_UNKNOWN', { digest: digestString(digest) });
  }
}

/** Ends a stream after `length` bytes, destroying the source so no more is read. */
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

function limit(source: Readable, length: number): Readable {
  return Readable.from(take(source, length), { objectMode: false });
}
