// Blobs: existence per repository, byte streaming with ranges, redirects, cross-repository mounts,
// recording completed uploads, and unlinking on DELETE.
import type { Writable } from 'node:stream';
import type { ParsedDigest } from '@harbor/contracts';
import { copyRange, type StorageDriver } from '@harbor/storage';
import { RegistryError } from '../../http/errors.js';
import type { BlobRecord, BlobRepo } from '../../store/blob.repo.js';
import type { RepositoryRepo } from '../../store/repository.repo.js';
import { blobDataPath } from '../../store/paths.js';
import type { ProjectQuotas, QuotaCharge } from '../quotas/project-quotas.js';

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
    private readonly quotas?: ProjectQuotas,
  ) {}

  async stat(repository: string, digest: ParsedDigest): Promise<BlobRecord> {
    const record = await this.blobs.findLinked(repository, digestString(digest));
    if (!record) throw new RegistryError('BLOB_UNKNOWN', { digest: digestString(digest) });
    return record;
  }

  /** Writes bytes [start, end] (inclusive) of the blob to dest. */
  async copyTo(digest: ParsedDigest, start: number, end: number, dest: Writable): Promise<void> {
    await copyRange(this.storage, blobDataPath(digest), start, end - start + 1, dest);
  }

  async redirectURL(digest: ParsedDigest, method: 'GET' | 'HEAD'): Promise<string | null> {
    if (!this.redirects) return null;
    return this.storage.redirectURL(blobDataPath(digest), { method });
  }

  /**
   * Links a blob readable in `from` into `repository`, within the project's storage quota (a blob new to
   * the project counts); false when `from` cannot serve it.
   */
  async mount(repository: string, from: string, digest: ParsedDigest): Promise<{ quota: QuotaCharge | null } | false> {
    await this.blobs.claim([digestString(digest)]);
    const record = await this.blobs.findLinked(from, digestString(digest));
    if (!record) return false;
    const quota = (await this.quotas?.charge(repository, [{ digest: record.digest, size: record.size }], record.digest)) ?? null;
    const repo = await this.repositories.ensure(repository);
    await this.blobs.link(repo, record);
    return { quota };
  }

  /** Takes the blob back from garbage collection (see BlobRepo.claim); call before placing its content. */
  async claim(digest: ParsedDigest): Promise<void> {
    await this.blobs.claim([digestString(digest)]);
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
