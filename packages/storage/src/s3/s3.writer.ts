// The S3 driver's writer. Bytes are copied into one part buffer of at most `chunkSize`; each time it
// fills, it is sent as the next part of a multipart upload (started on the first full part), and write()
// resolves only after that, so memory per writer stays bounded by ~chunkSize however large the object.
// Nothing is visible before commit: S3 materialises a multipart object only on CompleteMultipartUpload
// (and content that never filled a part goes up in a single PUT at commit). cancel aborts the upload.
//
// Why not minio's putObject(stream): without a known size it sizes parts for a 5 TiB object (≈570 MiB
// buffered per part), and before uploading it looks for an unfinished upload of the same key and resumes
// it, which would splice two concurrent writers of one path together.
import type { Client } from 'minio';
import type { FileWriter } from '../driver.js';
import { StorageError } from '../errors.js';

// Small objects (manifests, links) should not allocate a whole part; the buffer doubles up to chunkSize.
const INITIAL_BUFFER = 64 * 1024;

export class S3Writer implements FileWriter {
  private buffer: Buffer | undefined;
  private filled = 0;
  private uploadId: string | undefined;
  private readonly etags: { part: number; etag: string }[] = [];
  private bytes = 0;
  private closed = false;
  // Serialises writes so parts go up in order even if a caller does not await each write.
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: Client,
    private readonly bucket: string,
    private readonly key: string,
    private readonly chunkSize: number,
    private readonly driver: string,
  ) {}

  get size(): number {
    return this.bytes;
  }

  write(chunk: Buffer): Promise<void> {
    this.assertOpen();
    // The chunk is copied before the promise resolves, so the caller may reuse its buffer afterwards.
    const run = this.queue.then(() => this.append(chunk));
    this.queue = run;
    return run;
  }

  async commit(): Promise<void> {
    this.assertOpen();
    this.closed = true;
    try {
      await this.queue;
      if (this.uploadId === undefined) {
        const body = this.buffer ? this.buffer.subarray(0, this.filled) : Buffer.alloc(0);
        await this.client.putObject(this.bucket, this.key, body, body.length);
      } else {
        if (this.filled > 0) await this.uploadPart();
        await this.client.completeMultipartUpload(this.bucket, this.key, this.uploadId, this.etags);
      }
    } catch (error) {
      await this.abort().catch(() => undefined);
      throw error;
    } finally {
      this.buffer = undefined;
    }
  }

  async cancel(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    this.buffer = undefined;
    await this.abort();
  }

  private async append(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const buffer = this.ensureRoom(chunk.length - offset);
      const copied = chunk.copy(buffer, this.filled, offset);
      this.filled += copied;
      offset += copied;
      this.bytes += copied;
      if (this.filled === this.chunkSize) await this.uploadPart();
    }
  }

  /** The part buffer, grown (by doubling, capped at chunkSize) to fit `wanted` more bytes if it can. */
  private ensureRoom(wanted: number): Buffer {
    const current = this.buffer;
    if (current && (current.length - this.filled >= wanted || current.length === this.chunkSize)) return current;
    let capacity = current ? current.length : INITIAL_BUFFER;
    while (capacity < this.filled + wanted && capacity < this.chunkSize) capacity *= 2;
    capacity = Math.min(capacity, this.chunkSize);
    const grown = Buffer.allocUnsafe(capacity);
    if (current) current.copy(grown, 0, 0, this.filled);
    this.buffer = grown;
    return grown;
  }

  private async uploadPart(): Promise<void> {
    if (!this.buffer) return;
    if (this.uploadId === undefined) {
      this.uploadId = await this.client.initiateNewMultipartUpload(this.bucket, this.key, {});
    }
    const part = this.etags.length + 1;
    const result = await this.client.uploadPart(
      { bucketName: this.bucket, objectName: this.key, uploadID: this.uploadId, partNumber: part, headers: {} },
      this.buffer.subarray(0, this.filled),
    );
    this.etags.push({ part, etag: result.etag });
    // The request has been sent and answered, so the buffer can take the next part's bytes.
    this.filled = 0;
  }

  private async abort(): Promise<void> {
    if (this.uploadId === undefined) return;
    const uploadId = this.uploadId;
    this.uploadId = undefined;
    try {
      await this.client.abortMultipartUpload(this.bucket, this.key, uploadId);
    } catch (error) {
      if ((error as { code?: string }).code !== 'NoSuchUpload') throw error;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError(`writer for ${this.key} is already committed or cancelled`, this.driver);
  }
}
