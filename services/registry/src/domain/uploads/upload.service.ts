// Blob upload sessions (POST/PATCH/PUT/GET/DELETE of /blobs/uploads/). A session is an info file plus
// parts named by offset, all in the storage backend, so any replica can continue any session. Content
// becomes visible only when the digest has been verified and the data moved to its content address.
import { createHash, randomUUID } from 'node:crypto';
import type { ParsedDigest } from '@harbor/contracts';
import { PathNotFoundError, type StorageDriver } from '@harbor/storage';
import { RegistryError } from '../../http/errors.js';
import { blobDataPath, partOffset, UPLOADS_ROOT, uploadDir, uploadInfoPath, uploadPartPath, uploadPartsDir } from '../../store/paths.js';
import { HashStateCache } from './hash-state.js';

export interface UploadSession {
  id: string;
  repository: string;
  startedAt: string;
  /** Bytes received so far. */
  size: number;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class UploadService {
  private readonly hashes = new HashStateCache();
  constructor(private readonly storage: StorageDriver) {}

  async start(repository: string): Promise<UploadSession> {
    const id = randomUUID();
    const startedAt = new Date().toISOString();
    await this.storage.putContent(uploadInfoPath(id), Buffer.from(JSON.stringify({ repository, startedAt })));
    return { id, repository, startedAt, size: 0 };
  }

  async get(id: string, repository: string): Promise<UploadSession> {
    if (!UUID_RE.test(id)) throw new RegistryError('BLOB_UPLOAD_UNKNOWN', { uuid: id });
    let info: { repository: string; startedAt: string };
    try {
      info = JSON.parse((await this.storage.getContent(uploadInfoPath(id))).toString('utf8'));
    } catch (err) {
      if (err instanceof PathNotFoundError) throw new RegistryError('BLOB_UPLOAD_UNKNOWN', { uuid: id });
      throw err;
    }
    if (info.repository !== repository) throw new RegistryError('BLOB_UPLOAD_UNKNOWN', { uuid: id });
    const parts = await this.parts(id);
    const size = parts.length ? parts[parts.length - 1].offset + parts[parts.length - 1].size : 0;
    return { id, repository, startedAt: info.startedAt, size };
  }

  /**
   * Appends one chunk. `expectedStart` comes from Content-Range (a chunk that does not start where the
   * session ended is refused with 416); `expectedLength` from Content-Range/Content-Length.
   */
  async append(session: UploadSession, body: AsyncIterable<Buffer>, expectedStart?: number, expectedLength?: number): Promise<UploadSession> {
    if (expectedStart !== undefined && expectedStart !== session.size) {
      throw new RegistryError('RANGE_INVALID', { expected: session.size, got: expectedStart }, rangeHeaders(session));
    }
    const hash = this.hashes.take(session.id, session.size);
    const writer = await this.storage.writer(uploadPartPath(session.id, session.size));
    let written = 0;
    try {
      for await (const chunk of body) {
        hash?.update(chunk);
        written += chunk.length;
        await writer.write(chunk);
      }
      if (expectedLength !== undefined && written !== expectedLength) {
        throw new RegistryError('SIZE_INVALID', { expected: expectedLength, received: written });
      }
      if (written === 0) {
        await writer.cancel();
      } else {
        await writer.commit();
      }
    } catch (err) {
      this.hashes.drop(session.id);
      await writer.cancel().catch(() => undefined);
      throw err;
    }
    const size = session.size + written;
    if (hash) this.hashes.put(session.id, size, hash);
    return { ...session, size };
  }

  /** Verifies the digest of everything received and moves the content to its address. */
  async complete(session: UploadSession, digest: ParsedDigest): Promise<{ size: number }> {
    const parts = await this.parts(session.id);
    const cached = digest.algorithm === 'sha256' ? this.hashes.peek(session.id, session.size) : null;
    const actual = cached ? cached.digest('hex') : await this.rehash(parts.map((p) => p.path), digest.algorithm);
    this.hashes.drop(session.id);
    if (actual !== digest.hex) {
      await this.cancel(session.id);
      throw new RegistryError('DIGEST_INVALID', { expected: `${digest.algorithm}:${digest.hex}`, actual: `${digest.algorithm}:${actual}` });
    }
    const target = blobDataPath(digest);
    const exists = await this.storage.stat(target).then(() => true, () => false);
    if (!exists) {
      if (parts.length === 0) await this.storage.putContent(target, Buffer.alloc(0));
      else if (parts.length === 1) await this.storage.move(parts[0].path, target);
      else await this.concatenate(parts.map((p) => p.path), target);
    }
    await this.storage.delete(uploadDir(session.id)).catch(() => undefined);
    return { size: session.size };
  }

  async cancel(id: string): Promise<void> {
    this.hashes.drop(id);
    await this.storage.delete(uploadDir(id)).catch((err) => {
      if (!(err instanceof PathNotFoundError)) throw err;
    });
  }

  /** Removes sessions started before `olderThan` (distribution's upload purging). */
  async purge(olderThan: Date, dryRun = false): Promise<string[]> {
    let ids: string[];
    try {
      ids = (await this.storage.list(UPLOADS_ROOT)).map((p) => p.slice(p.lastIndexOf('/') + 1));
    } catch (err) {
      if (err instanceof PathNotFoundError) return [];
      throw err;
    }
    const purged: string[] = [];
    for (const id of ids) {
      let started: Date;
      try {
        const info = JSON.parse((await this.storage.getContent(uploadInfoPath(id))).toString('utf8'));
        started = new Date(info.startedAt);
      } catch {
        // A session without a readable info file is judged by its directory's age.
        started = await this.storage.stat(uploadDir(id)).then((s) => s.modTime, () => new Date(0));
      }
      if (started < olderThan) {
        purged.push(id);
        if (!dryRun) await this.cancel(id);
      }
    }
    return purged;
  }

  private async parts(id: string): Promise<Array<{ path: string; offset: number; size: number }>> {
    let paths: string[];
    try {
      paths = await this.storage.list(uploadPartsDir(id));
    } catch (err) {
      if (err instanceof PathNotFoundError) return [];
      throw err;
    }
    const out = [];
    for (const path of paths) {
      const info = await this.storage.stat(path);
      out.push({ path, offset: partOffset(path), size: info.size });
    }
    return out.sort((a, b) => a.offset - b.offset);
  }

  private async rehash(paths: string[], algorithm: string): Promise<string> {
    const hash = createHash(algorithm);
    for (const path of paths) {
      for await (const chunk of await this.storage.reader(path)) hash.update(chunk as Buffer);
    }
    return hash.digest('hex');
  }

  private async concatenate(paths: string[], target: string): Promise<void> {
    const writer = await this.storage.writer(target);
    try {
      for (const path of paths) {
        for await (const chunk of await this.storage.reader(path)) await writer.write(chunk as Buffer);
      }
      await writer.commit();
    } catch (err) {
      await writer.cancel().catch(() => undefined);
      throw err;
    }
  }
}

/** `Range: 0-<last byte>` as distribution reports it (`0-0` for an empty session). */
export function rangeHeaders(session: UploadSession): Record<string, string> {
  return { Range: `0-${Math.max(session.size - 1, 0)}`, 'Docker-Upload-UUID': session.id };
}
