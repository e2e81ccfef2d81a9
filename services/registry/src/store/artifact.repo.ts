// The artifact index: manifests pushed to a repository, their tags, the blobs and child manifests they
// reference, and subject links (referrers). Every push is recorded in one transaction.
import type { PrismaClient } from '@harbor/db';
import type { RepositoryRef } from './repository.repo.js';

export interface ManifestRecord {
  digest: string;
  mediaType: string;
  size: number;
}

export interface ArtifactWrite {
  repo: RepositoryRef;
  digest: string;
  manifestMediaType: string;
  configMediaType: string;
  artifactType: string | null;
  type: string;
  size: number;
  annotations: Record<string, string> | null;
  subjectDigest: string | null;
  /** Blobs the manifest references (config, layers), and the manifest's own digest. */
  blobDigests: string[];
  /** Child manifests of an index, with their platform. */
  children: Array<{ digest: string; platform: unknown; annotations: unknown; urls: unknown }>;
  tag: string | null;
}

export interface ReferrerRecord {
  digest: string;
  mediaType: string;
  size: number;
  artifactType: string;
  annotations: Record<string, string> | null;
}

export class ArtifactRepo {
  constructor(private readonly db: PrismaClient) {}

  async resolveTag(repository: string, tag: string): Promise<ManifestRecord | null> {
    const rows = await this.db.$queryRaw<Array<{ digest: string; manifest_media_type: string; size: bigint }>>`
      SELECT a.digest, a.manifest_media_type, a.size FROM tag t
      JOIN artifact a ON a.id = t.artifact_id
      JOIN repository r ON r.id = t.repository_id
      WHERE r.name = ${repository} AND t.name = ${tag} LIMIT 1`;
    const row = rows[0];
    return row ? { digest: row.digest, mediaType: row.manifest_media_type, size: Number(row.size) } : null;
  }

  async findByDigest(repository: string, digest: string): Promise<ManifestRecord | null> {
    const rows = await this.db.$queryRaw<Array<{ digest: string; manifest_media_type: string; size: bigint }>>`
      SELECT a.digest, a.manifest_media_type, a.size FROM artifact a
      JOIN repository r ON r.id = a.repository_id
      WHERE r.name = ${repository} AND a.digest = ${digest} LIMIT 1`;
    const row = rows[0];
    return row ? { digest: row.digest, mediaType: row.manifest_media_type, size: Number(row.size) } : null;
  }

  /** Of the given manifest digests, those not in the repository. */
  async missing(repo: RepositoryRef, digests: string[]): Promise<string[]> {
    if (digests.length === 0) return [];
    const rows = await this.db.artifact.findMany({
      where: { repositoryId: repo.id, digest: { in: digests } },
      select: { digest: true },
    });
    const present = new Set(rows.map((r) => r.digest));
    return [...new Set(digests)].filter((d) => !present.has(d));
  }

  async save(w: ArtifactWrite): Promise<void> {
    await this.db.$transaction(async (tx) => {
      // INSERT … ON CONFLICT rather than Prisma's upsert: concurrent pushes of one manifest must not race.
      const annotations = w.annotations ? JSON.stringify(w.annotations) : null;
      const [artifact] = await tx.$queryRaw<Array<{ id: number }>>`
        INSERT INTO artifact (type, media_type, manifest_media_type, artifact_type, project_id, repository_id,
                              repository_name, digest, size, annotations, subject_digest)
        VALUES (${w.type}, ${w.configMediaType}, ${w.manifestMediaType}, ${w.artifactType}, ${w.repo.projectId},
                ${w.repo.id}, ${w.repo.name}, ${w.digest}, ${BigInt(w.size)}, ${annotations}::jsonb, ${w.subjectDigest})
        ON CONFLICT (repository_id, digest) DO UPDATE SET digest = EXCLUDED.digest RETURNING id`;
      if (w.blobDigests.length) {
        await tx.artifactBlob.createMany({
          data: w.blobDigests.map((d) => ({ digestAf: w.digest, digestBlob: d })),
          skipDuplicates: true,
        });
      }
      if (w.children.length) {
        const kids = await tx.artifact.findMany({
          where: { repositoryId: w.repo.id, digest: { in: w.children.map((c) => c.digest) } },
          select: { id: true, digest: true },
        });
        const byDigest = new Map(kids.map((k) => [k.digest, k.id]));
        await tx.artifactReference.createMany({
          data: w.children.filter((c) => byDigest.has(c.digest)).map((c) => ({
            parentId: artifact.id,
            childId: byDigest.get(c.digest)!,
            childDigest: c.digest,
            platform: (c.platform ?? undefined) as never,
            annotations: (c.annotations ?? undefined) as never,
            urls: (c.urls ?? undefined) as never,
          })),
          skipDuplicates: true,
        });
      }
      if (w.subjectDigest) {
        const subject = await tx.artifact.findUnique({
          where: { repositoryId_digest: { repositoryId: w.repo.id, digest: w.subjectDigest } },
          select: { id: true },
        });
        await tx.accessory.createMany({
          data: [{
            artifactId: artifact.id,
            subjectArtifactId: subject?.id ?? null,
            subjectArtifactRepo: w.repo.name,
            subjectArtifactDigest: w.subjectDigest,
            type: accessoryType(w.artifactType),
            size: BigInt(w.size),
            digest: w.digest,
          }],
          skipDuplicates: true,
        });
      }
      if (w.tag) {
        await tx.$executeRaw`
          INSERT INTO tag (repository_id, artifact_id, name) VALUES (${w.repo.id}, ${artifact.id}, ${w.tag})
          ON CONFLICT (repository_id, name) DO UPDATE SET artifact_id = EXCLUDED.artifact_id, push_time = now()`;
      }
    });
  }

  /** Deletes the manifest (its tags and references go with it); false when it was not there. */
  async deleteByDigest(repository: string, digest: string): Promise<boolean> {
    const n = await this.db.$executeRaw`
      DELETE FROM artifact a USING repository r
      WHERE a.repository_id = r.id AND r.name = ${repository} AND a.digest = ${digest}`;
    return n > 0;
  }

  async deleteTag(repository: string, tag: string): Promise<boolean> {
    const n = await this.db.$executeRaw`
      DELETE FROM tag t USING repository r
      WHERE t.repository_id = r.id AND r.name = ${repository} AND t.name = ${tag}`;
    return n > 0;
  }

  /** Tags in byte order after `last`, at most `limit`. */
  async listTags(repo: RepositoryRef, limit: number, last: string | undefined): Promise<string[]> {
    const rows = await this.db.$queryRaw<Array<{ name: string }>>`
      SELECT name FROM tag WHERE repository_id = ${repo.id} AND name COLLATE "C" > ${last ?? ''} COLLATE "C"
      ORDER BY name COLLATE "C" LIMIT ${limit}`;
    return rows.map((r) => r.name);
  }

  async referrers(repository: string, subjectDigest: string): Promise<ReferrerRecord[]> {
    const rows = await this.db.$queryRaw<Array<{
      digest: string; manifest_media_type: string; size: bigint; artifact_type: string | null;
      media_type: string; annotations: Record<string, string> | null;
    }>>`
      SELECT a.digest, a.manifest_media_type, a.size, a.artifact_type, a.media_type, a.annotations
      FROM artifact a JOIN repository r ON r.id = a.repository_id
      WHERE r.name = ${repository} AND a.subject_digest = ${subjectDigest}
      ORDER BY a.push_time, a.id`;
    return rows.map((r) => ({
      digest: r.digest,
      mediaType: r.manifest_media_type,
      size: Number(r.size),
      artifactType: r.artifact_type ?? r.media_type,
      annotations: r.annotations,
    }));
  }
}

/** Harbor's accessory types, from the referrer's artifact type. */
function accessoryType(artifactType: string | null): string {
  if (artifactType === 'application/vnd.dev.cosign.artifact.sig.v1+json') return 'signature.cosign';
  if (artifactType === 'application/vnd.cncf.notary.signature') return 'signature.notation';
  if (artifactType?.includes('sbom') || artifactType?.includes('spdx') || artifactType?.includes('cyclonedx')) return 'harbor.sbom';
  return 'subject.accessory';
}
