// Manifests: push (validate, verify references, store content, index in one transaction), fetch by tag
// or digest, delete by digest (the artifact) or by tag (only the tag).
import { createHash } from 'node:crypto';
import { isValidTag, parseDigest, type ParsedDigest } from '@harbor/contracts';
import { PathNotFoundError, type StorageDriver } from '@harbor/storage';
import { RegistryError } from '../../http/errors.js';
import type { ProjectQuotas, QuotaCharge } from '../quotas/project-quotas.js';
import type { ImmutabilityGuard } from './immutability.js';
import type { ArtifactRepo, ManifestRecord } from '../../store/artifact.repo.js';
import type { BlobRepo } from '../../store/blob.repo.js';
import type { RepositoryRepo } from '../../store/repository.repo.js';
import { blobDataPath } from '../../store/paths.js';
import { readExtraAttrs } from './extra-attrs.js';
import { ManifestCache } from './manifest-cache.js';
import { parseManifest } from './parse.js';

export interface PushResult extends ManifestRecord {
  subject: string | null;
  /** What the push added to its project's storage quota, when the project is limited and it added bytes. */
  quota?: QuotaCharge | null;
}

export interface FetchedManifest extends ManifestRecord {
  body: Buffer;
}

/** A reference in a manifest URL: a digest or a tag. */
export type ManifestReference = { digest: ParsedDigest; tag?: undefined } | { tag: string; digest?: undefined };

export function parseReference(reference: string): ManifestReference {
  if (reference.includes(':')) {
    const digest = parseDigest(reference);
    if (!digest) throw new RegistryError('DIGEST_INVALID', { digest: reference }, {}, 'invalid digest');
    return { digest };
  }
  if (!isValidTag(reference)) throw new RegistryError('TAG_INVALID', { tag: reference }, {}, 'invalid tag');
  return { tag: reference };
}

export class ManifestService {
  private readonly cache = new ManifestCache();
  constructor(
    private readonly storage: StorageDriver,
    private readonly repositories: RepositoryRepo,
    private readonly blobs: BlobRepo,
    private readonly artifacts: ArtifactRepo,
    private readonly quotas?: ProjectQuotas,
    private readonly immutability?: ImmutabilityGuard,
  ) {}

  async put(repository: string, ref: ManifestReference, body: Buffer, contentType: string | undefined): Promise<PushResult> {
    // an existing immutable tag is never pushed over (checked first, as Harbor's middleware is)
    if (ref.tag !== undefined) await this.immutability?.checkPush(repository, ref.tag);
    const algorithm = ref.digest?.algorithm ?? 'sha256';
    const hex = createHash(algorithm).update(body).digest('hex');
    const digest = `${algorithm}:${hex}`;
    if (ref.digest && ref.digest.hex !== hex) {
      throw new RegistryError('DIGEST_INVALID', { expected: `${algorithm}:${ref.digest.hex}`, actual: digest });
    }
    const parsed = parseManifest(body, contentType);
    const repo = await this.repositories.ensure(repository);
    // Referenced blobs and the manifest itself are taken back from garbage collection first (BlobRepo.claim).
    await this.blobs.claim([...parsed.blobs, digest]);
    const missingBlobs = await this.blobs.missing(repository, parsed.blobs);
    if (missingBlobs.length) throw new RegistryError('MANIFEST_BLOB_UNKNOWN', { digests: missingBlobs });
    // The config is known present now; reading it overlaps the remaining checks and writes. Never rejects.
    const extraAttrs = readExtraAttrs(this.storage, parsed.config);
    const missingChildren = await this.artifacts.missing(repo, parsed.children.map((c) => c.digest));
    if (missingChildren.length) throw new RegistryError('MANIFEST_BLOB_UNKNOWN', { digests: missingChildren });
    // The manifest and any blob new to the project count against its storage quota; over it, nothing is stored.
    const quota = await this.quotas?.charge(repository, [{ digest, size: body.length }, ...parsed.blobs.map((b) => ({ digest: b }))], digest);

    const path = blobDataPath({ algorithm, hex });
    const stored = await this.storage.stat(path).then(() => true, () => false);
    if (!stored) await this.storage.putContent(path, body);
    await this.blobs.link(repo, { digest, size: body.length, contentType: parsed.mediaType });
    await this.artifacts.save({
      repo,
      digest,
      manifestMediaType: parsed.mediaType,
      configMediaType: parsed.configMediaType,
      artifactType: parsed.artifactType,
      type: parsed.type,
      size: body.length,
      annotations: parsed.annotations,
      subjectDigest: parsed.subject?.digest ?? null,
      blobDigests: [...parsed.blobs, digest],
      children: parsed.children.map((c) => ({ digest: c.digest, platform: c.platform, annotations: c.annotations, urls: c.urls })),
      tag: ref.tag ?? null,
      extraAttrs: await extraAttrs,
    });
    this.cache.set(digest, body);
    return {
      digest, subject: parsed.subject?.digest ?? null, mediaType: parsed.mediaType, size: body.length, artifactType: parsed.artifactType,
      quota,
    };
  }

  async resolve(repository: string, ref: ManifestReference): Promise<ManifestRecord> {
    const record = ref.tag !== undefined
      ? await this.artifacts.resolveTag(repository, ref.tag)
      : await this.artifacts.findByDigest(repository, `${ref.digest.algorithm}:${ref.digest.hex}`);
    if (!record) throw new RegistryError('MANIFEST_UNKNOWN', { repository, reference: ref.tag ?? `${ref.digest!.algorithm}:${ref.digest!.hex}` });
    return record;
  }

  async get(repository: string, ref: ManifestReference): Promise<FetchedManifest> {
    const record = await this.resolve(repository, ref);
    let body = this.cache.get(record.digest);
    if (!body) {
      try {
        body = await this.storage.getContent(blobDataPath(parseDigest(record.digest)!));
      } catch (err) {
        if (err instanceof PathNotFoundError) throw new RegistryError('MANIFEST_UNKNOWN', { digest: record.digest });
        throw err;
      }
      this.cache.set(record.digest, body);
    }
    return { ...record, body };
  }

  /** Deletes the artifact (by digest) or only the tag; returns the manifest the reference named. */
  async delete(repository: string, ref: ManifestReference): Promise<ManifestRecord> {
    await this.immutability?.checkDelete(repository, ref.tag !== undefined ? { tag: ref.tag } : { digest: `${ref.digest.algorithm}:${ref.digest.hex}` });
    const found = ref.tag !== undefined
      ? await this.artifacts.deleteTag(repository, ref.tag)
      : await this.artifacts.deleteByDigest(repository, `${ref.digest.algorithm}:${ref.digest.hex}`);
    if (!found) throw new RegistryError('MANIFEST_UNKNOWN', { repository });
    return found;
  }
}
