// Registry rows written straight into the database for list, filter and permission tests: projects,
// repositories, artifacts (images, charts, indexes with children), tags, accessories, labels, blobs.
import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '@harbor/db';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const HELM_CONFIG = 'application/vnd.cncf.helm.config.v1+json';
export const COSIGN = 'application/vnd.dev.cosign.artifact.sig.v1+json';

export const digestOf = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

export async function seedProject(db: PrismaClient, name: string, isPublic = false): Promise<{ id: number; name: string }> {
  return db.project.create({ data: { name, public: isPublic }, select: { id: true, name: true } });
}

export async function seedRepo(db: PrismaClient, project: { id: number; name: string }, name: string, creationTime?: Date) {
  return db.repository.create({ data: { name: `${project.name}/${name}`, projectId: project.id, ...(creationTime ? { creationTime, updateTime: creationTime } : {}) } });
}

export interface SeedArtifact {
  seed: string;
  tags?: string[];
  pushTime?: Date;
  type?: string;
  mediaType?: string;
  manifestMediaType?: string;
  artifactType?: string | null;
  size?: number;
  /** Blob digests the manifest is made of (rows in blob, artifact_blob, repository_blob, project_blob). */
  blobs?: string[];
  extraAttrs?: Prisma.InputJsonObject;
  annotations?: Record<string, string>;
}

export async function seedArtifact(db: PrismaClient, repo: { id: number; name: string; projectId: number }, a: SeedArtifact) {
  const digest = digestOf(a.seed);
  const art = await db.artifact.create({
    data: {
      type: a.type ?? 'IMAGE', mediaType: a.mediaType ?? OCI_CONFIG, manifestMediaType: a.manifestMediaType ?? OCI_MANIFEST,
      artifactType: a.artifactType === undefined ? (a.mediaType ?? OCI_CONFIG) : a.artifactType,
      projectId: repo.projectId, repositoryId: repo.id, repositoryName: repo.name, digest, size: BigInt(a.size ?? 1000),
      pushTime: a.pushTime ?? new Date(), extraAttrs: a.extraAttrs, annotations: a.annotations,
    },
  });
  for (const name of a.tags ?? []) await db.tag.create({ data: { repositoryId: repo.id, artifactId: art.id, name, pushTime: a.pushTime ?? new Date() } });
  for (const blob of [...(a.blobs ?? []), digest]) {
    const b = await db.blob.upsert({ where: { digest: blob }, create: { digest: blob, contentType: 'application/octet-stream', size: 10n }, update: {} });
    await db.artifactBlob.upsert({ where: { digestAf_digestBlob: { digestAf: digest, digestBlob: blob } }, create: { digestAf: digest, digestBlob: blob }, update: {} });
    await db.repositoryBlob.upsert({ where: { repositoryId_blobId: { repositoryId: repo.id, blobId: b.id } }, create: { repositoryId: repo.id, blobId: b.id }, update: {} });
    await db.projectBlob.upsert({ where: { projectId_blobId: { projectId: repo.projectId, blobId: b.id } }, create: { projectId: repo.projectId, blobId: b.id }, update: {} });
  }
  return art;
}

export async function seedReference(db: PrismaClient, parent: { id: number }, child: { id: number; digest: string }, platform: Prisma.InputJsonObject) {
  return db.artifactReference.create({ data: { parentId: parent.id, childId: child.id, childDigest: child.digest, platform } });
}

export async function seedAccessory(db: PrismaClient, accessory: { id: number; digest: string; size: bigint }, subject: { id: number; digest: string; repositoryName: string }, type = 'signature.cosign') {
  return db.accessory.create({
    data: {
      artifactId: accessory.id, subjectArtifactId: subject.id, subjectArtifactRepo: subject.repositoryName, subjectArtifactDigest: subject.digest,
      type, size: accessory.size, digest: accessory.digest,
    },
  });
}

export async function seedLabel(db: PrismaClient, name: string, projectId?: number) {
  return db.label.create({ data: { name, scope: projectId ? 'p' : 'g', projectId: projectId ?? 0, color: '#aabbcc' } });
}

export async function addMember(db: PrismaClient, projectId: number, userId: number, role: number) {
  await db.projectMember.create({ data: { projectId, entityId: userId, entityType: 'u', role } });
}
