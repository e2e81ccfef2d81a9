// A project at a glance: how many repositories (and charts), who belongs to it by role, how much of
// its storage quota is used, and how to push into it.
import { Fragment } from 'react';
import type { Project, ProjectSummary } from '@harbor/contracts';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { api } from '../../lib/api.js';
import { formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/hooks.js';
import { QuotaBar } from '../projects/ProjectsPage.js';
import { PushCommands } from './PushCommands.js';

type Summary = ProjectSummary & { chart_count?: number };

const MEMBER_COUNTS: Array<{ key: keyof ProjectSummary; label: string }> = [
  { key: 'project_admin_count', label: 'Project Admin' },
  { key: 'maintainer_count', label: 'Maintainer' },
  { key: 'developer_count', label: 'Developer' },
  { key: 'guest_count', label: 'Guest' },
  { key: 'limited_guest_count', label: 'Limited Guest' },
];

export function SummaryTab({ project }: { project: Project }) {
  const summary = useAsync<Summary>(() => api.projectSummary(project.project_id), [project.project_id]);
  const s = summary.data;
  const members = s ? MEMBER_COUNTS.filter((m) => typeof s[m.key] === 'number') : [];
  return (
    <section aria-label="Summary">
      {summary.error && <ErrorMessage message={summary.error} />}
      {summary.loading && !s && <div className="loading">Loading…</div>}
      <div className="cards">
        {s && (
          <>
            <div className="card">
              <div className="stat">{s.repo_count}</div>
              <div className="stat-label">{s.repo_count === 1 ? 'Repository' : 'Repositories'}</div>
            </div>
            {typeof s.chart_count === 'number' && (
              <div className="card">
                <div className="stat">{s.chart_count}</div>
                <div className="stat-label">{s.chart_count === 1 ? 'Helm chart' : 'Helm charts'}</div>
              </div>
            )}
            {members.length > 0 && (
              <div className="card">
                <h2>Members</h2>
                <dl className="props">
                  {members.map((m) => (
                    <Fragment key={m.key}>
                      <dt>{m.label}</dt>
                      <dd>{s[m.key] as number}</dd>
                    </Fragment>
                  ))}
                </dl>
              </div>
            )}
            {s.quota && (
              <div className="card">
                <h2>Storage quota</h2>
                <QuotaBar used={s.quota.used?.storage} hard={s.quota.hard?.storage} />
              </div>
            )}
          </>
        )}
        <div className="card">
          <h2>About</h2>
          <dl className="props">
            <dt>Access level</dt>
            <dd>{project.metadata?.public === 'true' ? 'Public: anyone can pull' : 'Private: members only'}</dd>
            {project.owner_name && (<><dt>Owner</dt><dd>{project.owner_name}</dd></>)}
            <dt>Created</dt>
            <dd>{formatTime(project.creation_time)}</dd>
          </dl>
        </div>
      </div>
      <div className="card">
        <h2>Push to this project</h2>
        <PushCommands projectName={project.name} />
      </div>
    </section>
  );
}
