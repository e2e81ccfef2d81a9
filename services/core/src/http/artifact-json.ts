// Repositories, artifacts, tags, labels and accessories in Harbor's JSON (swagger models as go-swagger
// writes them: empty optional strings, numbers, lists and maps are left out; times always written, an
// unset one as Go's zero time).
import type { ArtifactView } from '../domain/artifacts/artifact-view.js';
import type { RepositoryView } from '../domain/artifacts/repository.service.js';
import type { AccessoryRecord, LabelRecord, ReferenceRecord, TagRecord } from '../store/artifact-detail.repo.js';

const ZERO_TIME = '0001-01-01T00:00:00.000Z';
const time = (d: Date | null | undefined) => (d ? d.toISOString() : ZERO_TIME);

const ICONS: Record<string, string> = {
  IMAGE: 'sha256:0048162a053eef4d4ce3fe7518615bef084403614f8bca43b40ae2e762e11e06',
  CHART: 'sha256:61cf3a178ff0f75bf08a25d96b75cf7355dc197749a9f128ed3ef34b0df05518',
  CNAB: 'sha256:089bdda265c14d8686111402c8ad629e8177a1ceb7dcd0f7f39b6480f623b3bd',
};
const DEFAULT_ICON = 'sha256:da834479c923584f4cbcdecc0dac61f32bef1d51e8aae598cf16bd154efab49f';
const ACCESSORY_ICONS: Record<string, string> = {
  'signature.cosign': 'sha256:20401d5b3a0f6dbc607c8d732eb08471af4ae6b19811a4efce8c6a724aed2882',
};

/** Drops what Go's `omitempty` drops: undefined, null, '', 0, false, empty arrays and objects. */
function compact(o: Record<string, unknown>, keep: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const empty = v === undefined || v === null || v === '' || v === 0 || v === false
      || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && Object.keys(v).length === 0);
    if (!empty || (keep.includes(k) && v !== undefined)) out[k] = v;
  }
  return out;
}

export function repositoryJson(r: RepositoryView): Record<string, unknown> {
  return compact({
    id: r.id, project_id: r.projectId, name: r.name, description: r.description, artifact_count: r.artifactCount,
    pull_count: r.pullCount, creation_time: time(r.creationTime), update_time: time(r.updateTime),
  }, ['artifact_count', 'pull_count']);
}

export function tagJson(t: TagRecord): Record<string, unknown> {
  return compact({
    id: t.id, repository_id: t.repositoryId, artifact_id: t.artifactId, name: t.name,
    push_time: time(t.pushTime), pull_time: time(t.pullTime), immutable: t.immutable ?? false,
  }, ['immutable']);
}

export function labelJson(l: LabelRecord): Record<string, unknown> {
  return compact({
    id: l.id, name: l.name, description: l.description, color: l.color, scope: l.scope, project_id: l.projectId,
    creation_time: time(l.creationTime), update_time: time(l.updateTime),
  });
}

export function accessoryJson(a: AccessoryRecord): Record<string, unknown> {
  return compact({
    id: a.id, artifact_id: a.artifactId, subject_artifact_id: a.subjectArtifactId ?? 0, subject_artifact_digest: a.subjectArtifactDigest,
    subject_artifact_repo: a.subjectArtifactRepo, size: a.size, digest: a.digest, type: a.type, icon: ACCESSORY_ICONS[a.type] ?? '',
    creation_time: time(a.creationTime),
  }, ['artifact_id', 'subject_artifact_digest', 'subject_artifact_repo', 'size', 'digest', 'type', 'icon']);
}

function platformJson(p: unknown): Record<string, unknown> | undefined {
  if (!p || typeof p !== 'object' || Array.isArray(p)) return undefined;
  const v = p as Record<string, unknown>;
  const platform = compact({
    architecture: v.architecture, os: v.os, 'os.version': v['os.version'], 'os.features': v['os.features'], variant: v.variant,
  });
  return Object.keys(platform).length ? platform : undefined;
}

function referenceJson(r: ReferenceRecord): Record<string, unknown> {
  return compact({
    parent_id: r.parentId, child_id: r.childId, child_digest: r.childDigest, platform: platformJson(r.platform),
    annotations: r.annotations, urls: Array.isArray(r.urls) ? r.urls : undefined,
  });
}

/** `/api/v2.0/projects/p/repositories/a%252Fb/artifacts/<digest>/additions/<name>`, as Harbor links them. */
export function additionHref(repositoryName: string, digest: string, addition: string): string {
  const slash = repositoryName.indexOf('/');
  const project = repositoryName.slice(0, slash);
  const repo = repositoryName.slice(slash + 1).replaceAll('/', '%252F');
  return `/api/v2.0/projects/${project}/repositories/${repo}/artifacts/${digest}/additions/${addition}`;
}

export function artifactJson(a: ArtifactView): Record<string, unknown> {
  const links = Object.fromEntries(a.additions.map((name) => [name, { absolute: false, href: additionHref(a.repositoryName, a.digest, name) }]));
  return compact({
    id: a.id, type: a.type, media_type: a.mediaType, manifest_media_type: a.manifestMediaType, artifact_type: a.artifactType,
    project_id: a.projectId, repository_id: a.repositoryId, repository_name: a.repositoryName, digest: a.digest, size: a.size,
    icon: ICONS[a.type] ?? DEFAULT_ICON, push_time: time(a.pushTime), pull_time: time(a.pullTime),
    extra_attrs: a.extraAttrs, annotations: a.annotations, references: a.references.map(referenceJson),
    tags: a.tags?.map(tagJson), addition_links: links, labels: a.labels?.map(labelJson),
    accessories: a.accessories?.map(accessoryJson), inherited_accessories: a.inheritedAccessories?.map(accessoryJson),
  });
}
