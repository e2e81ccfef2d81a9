// Copying an artifact into another repository, as Harbor's artifact controller does (copyDeeply), in one
// transaction. Content is addressed by digest and shared by the whole registry, so no byte moves: the
// destination gets the rows a push would have written — the repository if missing, the artifact, its
// blobs linked to the repository and claimed by the project (repository_blob, project_blob; the
// artifact_blob rows are keyed by digest and already there), index children first, accessories, and the
// source's tags (an existing tag of the same name moves to the copy).
import type { DbClient, PrismaClient } from '@harbor/db';
import type { RepositoryRecord, RepositoryRepo } from './repository.repo.js';


export class ArtifactCopyRepo {
  constructor(private readonly db: PrismaClient, private readonly repositories: RepositoryRepo) {}

  /** Copies artifact `sourceId` into repository `name` of project `projectId`; returns the copy's id. */
  async copy(sourceId: number, target: { name: string; projectId: number }): Promise<number> {
    return this.db.$transaction(async (tx) => {
      const repo = await this.repositories.ensure(tx, target.name, target.projectId);
      return copyDeeply(tx, sourceId, repo, true, false);
    }, { timeout: 60_000 });
  }
}

async function copyDeeply(tx: DbClient, sourceId: number, dst: RepositoryRecord, isRoot: boolean, isAccessory: boolean): Promise<number> {
  const [src] = await tx.$queryRaw<Array<{ id: number; digest: string; repository_name: string }>>`
    SELECT id, digest, repository_name FROM artifact WHERE id = ${sourceId}`;
  if (!src) throw new Error(`artifact ${sourceId} vanished during the copy`);
  const [existing] = await tx.$queryRaw<Array<{ id: number }>>`
    SELECT id FROM artifact WHERE repository_id = ${dst.id} AND digest = ${src.digest}`;
  // a child already in the destination is left as it is; an existing root only gets the tags
  if (existing && !isRoot) return existing.id;
  let id = existing?.id;
  if (id === undefined) {
    const children = await tx.$queryRaw<Array<{ child_id: number }>>`
      SELECT child_id FROM artifact_reference WHERE parent_id = ${src.id} ORDER BY id`;
    const childIds = new Map<number, number>();
    for (const c of children) childIds.set(c.child_id, await copyDeeply(tx, c.child_id, dst, false, false));
    const accessories = isAccessory ? [] : await tx.$queryRaw<Array<{ artifact_id: number }>>`
      SELECT artifact_id FROM artifact_accessory
      WHERE subject_artifact_repo = ${src.repository_name} AND subject_artifact_digest = ${src.digest} ORDER BY id`;
    const accessoryIds = new Map<number, number>();
    for (const a of accessories) accessoryIds.set(a.artifact_id, await copyDeeply(tx, a.artifact_id, dst, false, true));
    await linkBlobs(tx, src.digest, dst);
    id = await insertArtifact(tx, src.id, dst);
    await tx.$executeRaw`
      INSERT INTO artifact_reference (parent_id, child_id, child_digest, platform, urls, annotations)
      SELECT ${id}, (${JSON.stringify(Object.fromEntries(childIds))}::jsonb ->> r.child_id::text)::int, r.child_digest, r.platform, r.urls, r.annotations
      FROM artifact_reference r WHERE r.parent_id = ${src.id}
      ON CONFLICT (parent_id, child_id) DO NOTHING`;
    await tx.$executeRaw`
      INSERT INTO artifact_accessory (artifact_id, subject_artifact_id, subject_artifact_repo, subject_artifact_digest, type, size, digest)
      SELECT (${JSON.stringify(Object.fromEntries(accessoryIds))}::jsonb ->> aa.artifact_id::text)::int, ${id}, ${dst.name},
             aa.subject_artifact_digest, aa.type, aa.size, aa.digest
      FROM artifact_accessory aa
      WHERE aa.subject_artifact_repo = ${src.repository_name} AND aa.subject_artifact_digest = ${src.digest}
        AND aa.artifact_id = ANY(${[...accessoryIds.keys()]}::int[])
      ON CONFLICT (artifact_id, subject_artifact_digest) DO NOTHING`;
  }
  await copyTags(tx, src.id, id, dst.id);
  return id;
}

/** The blobs the manifest is made of (itself included), served by the repository and claimed by its project. */
async function linkBlobs(tx: DbClient, digest: string, repo: RepositoryRecord): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO repository_blob (repository_id, blob_id)
    SELECT ${repo.id}, b.id FROM artifact_blob ab JOIN blob b ON b.digest = ab.digest_blob WHERE ab.digest_af = ${digest}
    ON CONFLICT DO NOTHING`;
  await tx.$executeRaw`
    INSERT INTO project_blob (project_id, blob_id)
    SELECT ${repo.projectId}, b.id FROM artifact_blob ab JOIN blob b ON b.digest = ab.digest_blob WHERE ab.digest_af = ${digest}
    ON CONFLICT DO NOTHING`;
}

async function insertArtifact(tx: DbClient, sourceId: number, repo: RepositoryRecord): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ id: number }>>`
    INSERT INTO artifact (type, media_type, manifest_media_type, artifact_type, project_id, repository_id, repository_name,
                          digest, size, manifest_size, extra_attrs, annotations, subject_digest)
    SELECT type, media_type, manifest_media_type, artifact_type, ${repo.projectId}, ${repo.id}, ${repo.name},
           digest, size, manifest_size, extra_attrs, annotations, subject_digest
    FROM artifact WHERE id = ${sourceId}
    ON CONFLICT (repository_id, digest) DO UPDATE SET digest = EXCLUDED.digest RETURNING id`;
  return row.id;
}

/** The source's tags on the copy; a tag of that name elsewhere in the repository moves to it. */
async function copyTags(tx: DbClient, sourceId: number, targetId: number, repositoryId: number): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO tag (repository_id, artifact_id, name)
    SELECT ${repositoryId}, ${targetId}, t.name FROM tag t WHERE t.artifact_id = ${sourceId}
    ON CONFLICT (repository_id, name) DO UPDATE SET artifact_id = EXCLUDED.artifact_id, push_time = now()
    WHERE tag.artifact_id <> EXCLUDED.artifact_id`;
}
