// The artifact row as core reads it (artifact table, alias `a`) and its domain shape.
import { Prisma } from '@harbor/db';

export interface ArtifactRecord {
  id: number;
  type: string;
  /** The config media type (the manifest's own for indexes). */
  mediaType: string;
  manifestMediaType: string;
  artifactType: string | null;
  projectId: number;
  repositoryId: number;
  repositoryName: string;
  digest: string;
  size: number;
  pushTime: Date;
  pullTime: Date | null;
  extraAttrs: Record<string, unknown> | null;
  annotations: Record<string, string> | null;
  subjectDigest: string | null;
}

export interface ArtifactRow {
  id: number;
  type: string;
  media_type: string;
  manifest_media_type: string;
  artifact_type: string | null;
  project_id: number;
  repository_id: number;
  repository_name: string;
  digest: string;
  size: bigint | number;
  push_time: Date;
  pull_time: Date | null;
  extra_attrs: unknown;
  annotations: unknown;
  subject_digest: string | null;
}

export const ARTIFACT_COLUMNS = Prisma.raw(`a.id, a.type, a.media_type, a.manifest_media_type, a.artifact_type, a.project_id,
  a.repository_id, a.repository_name, a.digest, a.size, a.push_time, a.pull_time, a.extra_attrs, a.annotations, a.subject_digest`);

export const ARTIFACT_FROM = Prisma.raw('artifact a');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function toArtifact(r: ArtifactRow): ArtifactRecord {
  return {
    id: r.id, type: r.type, mediaType: r.media_type, manifestMediaType: r.manifest_media_type, artifactType: r.artifact_type,
    projectId: r.project_id, repositoryId: r.repository_id, repositoryName: r.repository_name, digest: r.digest,
    size: Number(r.size), pushTime: r.push_time, pullTime: r.pull_time,
    extraAttrs: isObject(r.extra_attrs) ? r.extra_attrs : null,
    annotations: isObject(r.annotations) ? (r.annotations as Record<string, string>) : null,
    subjectDigest: r.subject_digest,
  };
}
