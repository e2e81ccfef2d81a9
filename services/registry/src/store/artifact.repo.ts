// The artifact index: manifests pushed to a repository, their tags, the blobs and child manifests they
// reference, and subject links (referrers). Every push is recorded in one transaction.
import { withTransaction, type Pool } from '@harbor/db/sql';
import type { RepositoryRef } from './repository.repo.js';

export interface ManifestRecord {
  digest: string;
  mediaType: string;
  size: number;
  /** OCI artifact type (the config media type when the manifest declares none); null for indexes without one. */
  artifactType: string | null;
}

interface ManifestRow {
  digest: string;
  manifest_media_type: string;
  size: number | string;
  artifact_type: string | null;
}

const toRecord = (r: ManifestRow): ManifestRecord =>
  ({ digest: r.digest, mediaType: r.manifest_media_type, size: Number(r.size), artifactType: r.artifact_type });

export interface ArtifactWrite {
  repo: RepositoryRef;
  digest: string;
  manifestMediaType: string;
  configMediaType: string;
  artifactType: string | null;
  type: string;
  /** The manifest's length (the artifact's whole size is summed from its blobs and children). */
  size: number;
  annotations: Record<string, string> | null;
  subjectDigest: string | null;
  /** Blobs the manifest references (config, layers), and the manifest's own digest. */
  blobDigests: string[];
  /** Child manifests of an index, with their platform. */
  children: Array<{ digest: string; platform: unknown; annotations: unknown; urls: unknown }>;
  tag: string | null;
  /** Attributes abstracted from the config blob (artifact.extra_attrs). */
  extraAttrs: Record<string, unknown> | null;
}

export interface ReferrerRecord {
  digest: string;
  mediaType: string;
  size: number;
  artifactType: string;
  annotations: Record<string, string> | null;
}

export class ArtifactRepo {
  constructor(private readonly db: Pool) {}

  async resolveTag(repository: string, tag: string): Promise<ManifestRecord | null> {
    const { rows } = await this.db.query<ManifestRow>({
      name: 'artifact_resolve_tag',
      text: `SELECT a.digest, a.manifest_media_type, a.manifest_size AS size, a.artifact_type FROM tag t
             JOIN artifact a ON a.id = t.artifact_id
             JOIN repository r ON r.id = t.repository_id
             WHERE r.name = $1 AND t.name = $2 LIMIT 1`,
      values: [repository, tag],
    });
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByDigest(repository: string, digest: string): Promise<ManifestRecord | null> {
    const { rows } = await this.db.query<ManifestRow>({
      name: 'artifact_find_by_digest',
      text: `SELECT a.digest, a.manifest_media_type, a.manifest_size AS size, a.artifact_type FROM artifact a
             JOIN repository r ON r.id = a.repository_id
             WHERE r.name = $1 AND a.digest = $2 LIMIT 1`,
      values: [repository, digest],
    });
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Of the given manifest digests, those not in the repository. */
  async missing(repo: RepositoryRef, digests: string[]): Promise<string[]> {
    if (digests.length === 0) return [];
    const { rows } = await this.db.query<{ digest: string }>(
      'SELECT digest FROM artifact WHERE repository_id = $1 AND digest = ANY($2::text[])', [repo.id, digests]);
    const present = new Set(rows.map((r) => r.digest));
    return [...new Set(digests)].filter((d) => !present.has(d));
  }

  /** Records a pushed manifest in one transaction; INSERT … ON CONFLICT so concurrent pushes never race. */
  async save(w: ArtifactWrite): Promise<void> {
    await withTransaction(this.db, async (tx) => {
      const { rows: [artifact] } = await tx.query<{ id: number; size: string }>(
        // size: the whole artifact as Harbor reports it (manifest + config + layers; an index: manifest +
        // its children, which are pushed first); manifest_size: the manifest alone.
        `INSERT INTO artifact (type, media_type, manifest_media_type, artifact_type, project_id, repository_id,
                               repository_name, digest, size, manifest_size, annotations, subject_digest, extra_attrs)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::varchar,
                 $9::bigint + (SELECT coalesce(sum(b.size), 0)::bigint FROM blob b WHERE b.digest = ANY($13::text[]) AND b.digest <> $8::varchar)
                    + (SELECT coalesce(sum(c.size), 0)::bigint FROM artifact c WHERE c.repository_id = $6 AND c.digest = ANY($14::text[])),
                 $9::bigint, $10::jsonb, $11, $12::jsonb)
         ON CONFLICT (repository_id, digest)
           DO UPDATE SET extra_attrs = coalesce(artifact.extra_attrs, EXCLUDED.extra_attrs) RETURNING id, size`,
        [w.type, w.configMediaType, w.manifestMediaType, w.artifactType, w.repo.projectId, w.repo.id, w.repo.name,
          w.digest, w.size, w.annotations ? JSON.stringify(w.annotations) : null, w.subjectDigest, jsonOrNull(w.extraAttrs),
          w.blobDigests, w.children.map((c) => c.digest)]);
      if (w.blobDigests.length) {
        await tx.query(
          `INSERT INTO artifact_blob (digest_af, digest_blob) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
          [w.digest, w.blobDigests]);
      }
      for (const c of w.children) {
        await tx.query(
          `INSERT INTO artifact_reference (parent_id, child_id, child_digest, platform, urls, annotations)
           SELECT $1, a.id, a.digest, $4::jsonb, $5::jsonb, $6::jsonb FROM artifact a
           WHERE a.repository_id = $2 AND a.digest = $3
           ON CONFLICT (parent_id, child_id) DO NOTHING`,
          [artifact.id, w.repo.id, c.digest, jsonOrNull(c.platform), jsonOrNull(c.urls), jsonOrNull(c.annotations)]);
      }
      if (w.subjectDigest) {
        await tx.query(
          `INSERT INTO artifact_accessory (artifact_id, subject_artifact_id, subject_artifact_repo, subject_artifact_digest, type, size, digest)
           VALUES ($1, (SELECT id FROM artifact WHERE repository_id = $2 AND digest = $4), $3, $4, $5, $6, $7)
           ON CONFLICT (artifact_id, subject_artifact_digest) DO NOTHING`,
          [artifact.id, w.repo.id, w.repo.name, w.subjectDigest, accessoryType(w.artifactType), artifact.size, w.digest]);
      }
      if (w.tag) {
        await tx.query(
          `INSERT INTO tag (repository_id, artifact_id, name) VALUES ($1, $2, $3)
           ON CONFLICT (repository_id, name) DO UPDATE SET artifact_id = EXCLUDED.artifact_id, push_time = now()`,
          [w.repo.id, artifact.id, w.tag]);
      }
    });
  }

  /** Deletes the manifest (its tags and references go with it); null when it was not there. */
  async deleteByDigest(repository: string, digest: string): Promise<ManifestRecord | null> {
    const { rows } = await this.db.query<ManifestRow>(
      `DELETE FROM artifact a USING repository r
       WHERE a.repository_id = r.id AND r.name = $1 AND a.digest = $2
       RETURNING a.digest, a.manifest_media_type, a.manifest_size AS size, a.artifact_type`, [repository, digest]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Deletes only the tag; returns the manifest it pointed to, or null when there was no such tag. */
  async deleteTag(repository: string, tag: string): Promise<ManifestRecord | null> {
    const { rows } = await this.db.query<ManifestRow>(
      `DELETE FROM tag t USING repository r, artifact a
       WHERE t.repository_id = r.id AND a.id = t.artifact_id AND r.name = $1 AND t.name = $2
       RETURNING a.digest, a.manifest_media_type, a.manifest_size AS size, a.artifact_type`, [repository, tag]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /**
   * Tags of a repository in byte order (the column's collation is "C") after `last`, at most `limit`; null
   * when the repository does not exist. One statement: an index range scan aggregated to one JSON value.
   */
  async listTags(repository: string, limit: number, last: string | undefined): Promise<string[] | null> {
    const { rows } = await this.db.query<{ tags: string }>({
      name: 'tag_list',
      text: `SELECT (SELECT coalesce(json_agg(name ORDER BY name), '[]') FROM (
                SELECT t.name FROM tag t WHERE t.repository_id = r.id AND t.name > $2 ORDER BY t.name LIMIT $3) page
             )::text AS tags
             FROM repository r WHERE r.name = $1`,
      values: [repository, last ?? '', limit],
    });
    return rows[0] ? (JSON.parse(rows[0].tags) as string[]) : null;
  }

  async referrers(repository: string, subjectDigest: string): Promise<ReferrerRecord[]> {
    const { rows } = await this.db.query<{
      digest: string; manifest_media_type: string; size: number; artifact_type: string | null;
      media_type: string; annotations: Record<string, string> | null;
    }>(
      `SELECT a.digest, a.manifest_media_type, a.manifest_size AS size, a.artifact_type, a.media_type, a.annotations
       FROM artifact a JOIN repository r ON r.id = a.repository_id
       WHERE r.name = $1 AND a.subject_digest = $2
       ORDER BY a.push_time, a.id`, [repository, subjectDigest]);
    return rows.map((r) => ({
      digest: r.digest,
      mediaType: r.manifest_media_type,
      size: r.size,
      artifactType: r.artifact_type ?? r.media_type,
      annotations: r.annotations,
    }));
  }
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Harbor's accessory types, from the referrer's artifact type. */
function accessoryType(artifactType: string | null): string {
  if (artifactType === 'application/vnd.dev.cosign.artifact.sig.v1+json') return 'signature.cosign';
  if (artifactType === 'application/vnd.cncf.notary.signature') return 'signature.notation';
  if (artifactType?.includes('sbom') || artifactType?.includes('spdx') || artifactType?.includes('cyclonedx')) return 'harbor.sbom';
  return 'subject.accessory';
}
