// One artifact: its digest and pull command, properties, tags, labels, what it holds (build history and
// layers, chart files or the manifests of an index), its manifest, and its signatures and SBOMs.
import { Breadcrumbs, projectCrumbs } from '../../components/Breadcrumbs.js';
import { useNavigate, useParams } from 'react-router';
import type { Artifact, Project } from '@harbor/contracts';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { CopyButton, CopyField } from '../../components/CopyButton.js';
import { PageHeader } from '../../components/Field.js';
import { api } from '../../lib/api.js';
import { formatBytes, formatTime, pullCommand, pullKind, registryHost, shortDigest } from '../../lib/format.js';
import { useAsync } from '../../lib/hooks.js';
import { usePermissions } from '../../lib/session.js';
import { ArtifactAccessories, ArtifactVulnerabilities } from './ArtifactExtras.js';
import { ArtifactContent } from './ArtifactContent.js';
import { ArtifactLabels } from './ArtifactLabels.js';
import { ArtifactTags } from './ArtifactTags.js';
import { artifactHref, artifactKind, kindName, platformText, repositoryHref } from './artifact-info.js';

export function ArtifactPage() {
  const { projectId = '', repo = '', reference = '' } = useParams();
  const project = useAsync(() => api.project(projectId), [projectId]);
  if (project.error) return <><Crumbs projectId={projectId} repo={repo} reference={reference} /><ErrorMessage message={project.error} /></>;
  if (!project.data) return <div className="loading">Loading…</div>;
  return <ArtifactScreen project={project.data} repo={repo} reference={reference} />;
}

function Crumbs({ projectId, projectName, repo, reference }: { projectId: string | number; projectName?: string; repo: string; reference: string }) {
  return <Breadcrumbs items={[...projectCrumbs(projectId, projectName), { label: repo, to: repositoryHref(projectId, repo) },
    { label: reference.includes(':') ? shortDigest(reference) : reference, className: 'digest' }]} />;
}

function ArtifactScreen({ project, repo, reference }: { project: Project; repo: string; reference: string }) {
  const navigate = useNavigate();
  const perms = usePermissions(project.project_id);
  const artifact = useAsync(() => api.artifact(project.name, repo, reference), [project.name, repo, reference]);
  const a = artifact.data;
  const crumbs = <Crumbs projectId={project.project_id} projectName={project.name} repo={repo} reference={reference} />;
  if (artifact.error && !a) return <>{crumbs}<ErrorMessage message={artifact.error} /></>;
  if (!a) return <>{crumbs}<div className="loading">Loading…</div></>;

  const full = `${project.name}/${repo}`;
  const kind = artifactKind(a);
  const firstTag = a.tags?.[0]?.name;
  /** After a change, reload; when the tag this page was opened by is gone, stay on the artifact by digest. */
  const changed = (removedTag?: string) => {
    if (removedTag && removedTag === reference) navigate(artifactHref(project.project_id, repo, a.digest), { replace: true });
    else artifact.reload();
  };
  return (
    <>
      {crumbs}
      <PageHeader
        title={<span className="artifact-title">{repo}<span className="digest">@{shortDigest(a.digest)}</span></span>}
        subtitle={<span className="digest-line"><code className="digest">{a.digest}</code> <CopyButton text={a.digest} title="Copy digest" /></span>} />
      {artifact.error && <ErrorMessage message={artifact.error} />}
      <div className="artifact-sections">
        <section aria-labelledby="artifact-pull">
          <h2 id="artifact-pull">Pull</h2>
          <CopyField label="Copy pull command" text={pullCommand(registryHost(), full, { tag: firstTag, digest: a.digest }, pullKind(a.type))} />
        </section>
        <section aria-labelledby="artifact-props" className="card">
          <h2 id="artifact-props">Properties</h2>
          <ArtifactProps artifact={a} kindLabel={kindName(kind)} />
        </section>
        <ArtifactTags projectName={project.name} repo={repo} artifact={a} canCreate={perms.can('tag', 'create')}
          canDelete={perms.can('tag', 'delete')} onChanged={changed} />
        <ArtifactLabels project={project} repo={repo} artifact={a} canAdd={perms.can('artifact-label', 'create')}
          canRemove={perms.can('artifact-label', 'delete')} onChanged={() => changed()} />
        <ArtifactContent project={project} repo={repo} artifact={a} kind={kind} />
        {(a.accessories?.length ?? 0) > 0 && <ArtifactAccessories projectId={project.project_id} repo={repo} accessories={a.accessories!} />}
        {Object.keys(a.scan_overview ?? {}).length > 0 && <ArtifactVulnerabilities overview={a.scan_overview!} />}
      </div>
    </>
  );
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function ArtifactProps({ artifact: a, kindLabel }: { artifact: Artifact; kindLabel: string }) {
  const extra = a.extra_attrs ?? {};
  const platforms = (a.references?.length ?? 0) > 0
    ? a.references!.map((r) => platformText(r.platform)).filter((p): p is string => p !== null)
    : [platformText(extra as { os?: unknown; architecture?: unknown })].filter((p): p is string => p !== null);
  const author = str(extra.author);
  const created = str(extra.created);
  const annotations = Object.entries(a.annotations ?? {});
  const chart = a.type === 'CHART' ? { name: str(extra.name), version: str(extra.version), appVersion: str(extra.appVersion) } : null;
  return (
    <dl className="props">
      <dt>Type</dt><dd>{kindLabel} <span className="muted">({a.type})</span></dd>
      <dt>Media type</dt><dd>{a.media_type}</dd>
      <dt>Manifest media type</dt><dd>{a.manifest_media_type}</dd>
      {a.artifact_type && a.artifact_type !== a.media_type && <><dt>Artifact type</dt><dd>{a.artifact_type}</dd></>}
      <dt>Size</dt><dd>{formatBytes(a.size)}</dd>
      <dt>Push time</dt><dd>{formatTime(a.push_time)}</dd>
      <dt>Pull time</dt><dd>{formatTime(a.pull_time)}</dd>
      {platforms.length > 0 && <><dt>{platforms.length > 1 ? 'Platforms' : 'Platform'}</dt><dd>{platforms.join(', ')}</dd></>}
      {chart?.name && <><dt>Chart</dt><dd>{chart.name}{chart.version ? ` ${chart.version}` : ''}</dd></>}
      {chart?.appVersion && <><dt>App version</dt><dd>{chart.appVersion}</dd></>}
      {author && <><dt>Author</dt><dd>{author}</dd></>}
      {created && <><dt>Created</dt><dd>{formatTime(created)}</dd></>}
      <dt>Annotations</dt>
      <dd>
        {annotations.length === 0 ? <span className="muted">None</span> : (
          <ul className="plain-list">
            {annotations.map(([k, v]) => <li key={k}><code>{k}</code>: {v}</li>)}
          </ul>
        )}
      </dd>
    </dl>
  );
}
