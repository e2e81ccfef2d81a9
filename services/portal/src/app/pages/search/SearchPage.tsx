// Search results: the projects and repositories whose names contain the query, among those the caller
// may see.
import { Link, useSearchParams } from 'react-router';
import type { Project, SearchRepository } from '@harbor/contracts';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { EmptyState, PageHeader } from '../../components/Field.js';
import { api } from '../../lib/api.js';
import { repoShortName } from '../../lib/format.js';
import { useAsync } from '../../lib/hooks.js';
import { repositoryHref } from '../repository/artifact-info.js';

export function SearchPage() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const result = useAsync(() => (q ? api.search(q) : Promise.resolve({ project: [], repository: [] })), [q]);
  const projects = result.data?.project ?? [];
  const repositories = result.data?.repository ?? [];
  return (
    <>
      <PageHeader title={q ? <>Search results for “{q}”</> : 'Search'}
        subtitle={!q ? 'Type a name in the search box at the top to find projects and repositories.'
          : result.data ? `${projects.length} ${projects.length === 1 ? 'project' : 'projects'}, ${repositories.length} ${repositories.length === 1 ? 'repository' : 'repositories'}` : undefined} />
      {result.error && <ErrorMessage message={result.error} />}
      {q && result.loading && !result.data && <div className="loading">Searching…</div>}
      {q && result.data && (
        <div className="search-results">
          <ProjectResults projects={projects} q={q} />
          <RepositoryResults repositories={repositories} q={q} />
        </div>
      )}
    </>
  );
}

function ProjectResults({ projects, q }: { projects: Project[]; q: string }) {
  return (
    <section aria-labelledby="search-projects">
      <h2 id="search-projects">Projects</h2>
      <div className="data-table table-scroll">
        <table aria-label="Projects">
          <thead><tr><th>Project Name</th><th>Access Level</th><th className="num">Repositories Count</th></tr></thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.project_id}>
                <td><Link to={`/harbor/projects/${p.project_id}/repositories`}>{p.name}</Link></td>
                <td>{p.metadata?.public === 'true' ? <span className="badge badge-public">Public</span> : <span className="badge">Private</span>}</td>
                <td className="num">{p.repo_count ?? 0}</td>
              </tr>
            ))}
            {projects.length === 0 && (
              <tr><td colSpan={3} className="empty-cell"><EmptyState title={`No project name contains “${q}”`} /></td></tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RepositoryResults({ repositories, q }: { repositories: SearchRepository[]; q: string }) {
  return (
    <section aria-labelledby="search-repositories">
      <h2 id="search-repositories">Repositories</h2>
      <div className="data-table table-scroll">
        <table aria-label="Repositories">
          <thead>
            <tr><th>Name</th><th>Project</th><th>Access Level</th><th className="num">Pulls</th><th className="num">Artifacts</th></tr>
          </thead>
          <tbody>
            {repositories.map((r) => {
              const name = repoShortName(r.project_name, r.repository_name);
              return (
                <tr key={`${r.project_id}/${r.repository_name}`}>
                  <td><Link to={repositoryHref(r.project_id, name)}>{r.repository_name}</Link></td>
                  <td><Link to={`/harbor/projects/${r.project_id}/repositories`}>{r.project_name}</Link></td>
                  <td>{r.project_public ? <span className="badge badge-public">Public</span> : <span className="badge">Private</span>}</td>
                  <td className="num">{r.pull_count ?? 0}</td>
                  <td className="num">{r.artifact_count ?? 0}</td>
                </tr>
              );
            })}
            {repositories.length === 0 && (
              <tr><td colSpan={5} className="empty-cell"><EmptyState title={`No repository name contains “${q}”`} /></td></tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
