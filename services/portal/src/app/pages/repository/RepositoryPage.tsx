// A repository: its description and pull count, and the artifacts in it (newest push first) with their
// tags, size, labels and pull command; artifacts can be deleted by those allowed to.
import { Breadcrumbs, projectCrumbs } from '../../components/Breadcrumbs.js';
import { useParams } from 'react-router';
import type { Project } from '@harbor/contracts';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { PageHeader } from '../../components/Field.js';
import { api } from '../../lib/api.js';
import { useAsync } from '../../lib/hooks.js';
import { usePermissions } from '../../lib/session.js';
import { ArtifactList } from './ArtifactList.js';
import { RepositoryInfo } from './RepositoryInfo.js';

export function RepositoryPage() {
  const { projectId = '', repo = '' } = useParams();
  const project = useAsync(() => api.project(projectId), [projectId]);
  if (project.error) return <><Crumbs projectId={projectId} repo={repo} /><ErrorMessage message={project.error} /></>;
  if (!project.data) return <div className="loading">Loading…</div>;
  return <RepositoryScreen project={project.data} repo={repo} />;
}

function Crumbs({ projectId, projectName, repo }: { projectId: string | number; projectName?: string; repo: string }) {
  return <Breadcrumbs items={[...projectCrumbs(projectId, projectName), { label: repo }]} />;
}

function RepositoryScreen({ project, repo }: { project: Project; repo: string }) {
  const perms = usePermissions(project.project_id);
  const repository = useAsync(() => api.repository(project.name, repo), [project.name, repo]);
  const r = repository.data;
  return (
    <>
      <Crumbs projectId={project.project_id} projectName={project.name} repo={repo} />
      <PageHeader title={repo}
        subtitle={r ? `${r.artifact_count} ${r.artifact_count === 1 ? 'artifact' : 'artifacts'} · ${r.pull_count} ${r.pull_count === 1 ? 'pull' : 'pulls'}` : undefined} />
      {repository.error && <ErrorMessage message={repository.error} />}
      {r && (
        <RepositoryInfo projectName={project.name} repo={repo} description={r.description ?? ''}
          canEdit={perms.can('repository', 'update')} onSaved={repository.reload} />
      )}
      <ArtifactList project={project} repo={repo} canDelete={perms.can('artifact', 'delete')} onChanged={repository.reload} />
    </>
  );
}
