// One project: its header (name, access level, the caller's role) and its tabs, each a URL under
// /harbor/projects/{id}/ — Summary, Repositories (the default), and, for those allowed to see them,
// Members, Labels, Robot Accounts, Logs and Configuration.
import { Breadcrumbs } from '../../components/Breadcrumbs.js';
import type { ReactElement } from 'react';
import { Link, Navigate, Route, Routes, useParams } from 'react-router';
import type { Project } from '@harbor/contracts';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { EmptyState, PageHeader } from '../../components/Field.js';
import { Tabs } from '../../components/Tabs.js';
import { api, ApiClientError } from '../../lib/api.js';
import { roleName } from '../../lib/format.js';
import { useAsync } from '../../lib/hooks.js';
import { usePermissions, useSession } from '../../lib/session.js';
import { NotFound } from '../NotFound.js';
import { ConfigsTab } from './ConfigsTab.js';
import { LabelsTab } from './LabelsTab.js';
import { LogsTab } from './LogsTab.js';
import { MembersTab } from './MembersTab.js';
import { RepositoriesTab } from './RepositoriesTab.js';
import { RobotsTab } from './RobotsTab.js';
import { SummaryTab } from './SummaryTab.js';

type Loaded = { project: Project } | { missing: 401 | 403 | 404 };

async function loadProject(id: number): Promise<Loaded> {
  if (!Number.isSafeInteger(id) || id <= 0) return { missing: 404 };
  try {
    return { project: await api.project(id) };
  } catch (err) {
    if (err instanceof ApiClientError && (err.status === 401 || err.status === 403 || err.status === 404)) return { missing: err.status };
    throw err;
  }
}

export function ProjectDetail() {
  const { projectId = '' } = useParams();
  const id = /^\d+$/.test(projectId) ? Number(projectId) : NaN;
  const { user } = useSession();
  const state = useAsync(() => loadProject(id), [id, user?.user_id]);
  const perms = usePermissions(Number.isNaN(id) ? 0 : id);

  if (state.error && !state.data) {
    return (
      <>
        <ErrorMessage message={state.error} />
        <button type="button" className="button" onClick={state.reload}>Try again</button>
      </>
    );
  }
  if (!state.data || ('project' in state.data && state.data.project.project_id !== id)) return <div className="loading">Loading…</div>;
  if ('missing' in state.data && state.data.missing === 401) {
    return (
      <EmptyState title="Sign in to view this project">
        <p>This project is private, or it does not exist.</p>
        <Link className="button button-primary" to={`/account/sign-in?redirect_url=${encodeURIComponent(location.pathname + location.search)}`}>Sign in</Link>
        <Link to="/harbor/projects">Back to projects</Link>
      </EmptyState>
    );
  }
  if ('missing' in state.data) {
    return (
      <EmptyState title={state.data.missing === 403 ? 'You do not have access to this project' : 'Project not found'}>
        <p>{state.data.missing === 403
          ? 'The project is private. Ask one of its administrators to add you as a member.'
          : 'It may have been deleted, or the link is wrong.'}</p>
        <Link to="/harbor/projects">Back to projects</Link>
      </EmptyState>
    );
  }

  const project = state.data.project;
  const base = `/harbor/projects/${project.project_id}`;
  const role = project.current_user_role_id
    ? roleName(project.current_user_role_id)
    : user?.sysadmin_flag ? 'System Admin' : null;
  const gates = {
    members: perms.can('member', 'list'),
    labels: perms.can('label', 'list'),
    robots: perms.can('robot', 'list'),
    logs: perms.can('log', 'list'),
    configs: perms.can('configuration', 'read'),
  };
  /** A tab only some may open: shown to them, explained to others who follow a link to it. */
  const gated = (allowed: boolean, element: ReactElement) => {
    if (allowed) return element;
    if (perms.loading) return <div className="loading">Loading…</div>;
    return <ErrorMessage message="You do not have permission to view this part of the project. Ask a project administrator for access." />;
  };

  const tabs = [
    { to: `${base}/summary`, label: 'Summary' },
    { to: `${base}/repositories`, label: 'Repositories' },
    ...(gates.members ? [{ to: `${base}/members`, label: 'Members' }] : []),
    ...(gates.labels ? [{ to: `${base}/labels`, label: 'Labels' }] : []),
    ...(gates.robots ? [{ to: `${base}/robot-account`, label: 'Robot Accounts' }] : []),
    ...(gates.logs ? [{ to: `${base}/logs`, label: 'Logs' }] : []),
    ...(gates.configs ? [{ to: `${base}/configs`, label: 'Configuration' }] : []),
  ];

  return (
    <>
      <Breadcrumbs items={[{ label: 'Projects', to: '/harbor/projects' }, { label: project.name }]} />
      <PageHeader
        title={<span className="project-title">{project.name}{' '}
          {project.metadata?.public === 'true' ? <span className="badge badge-public">Public</span> : <span className="badge">Private</span>}
        </span>}
        subtitle={role ? <>Your role: <strong>{role}</strong></> : user ? undefined : 'You are browsing a public project. Sign in to see more.'}
      />
      <Tabs label="Project" tabs={tabs} />
      <Routes>
        <Route index element={<Navigate to={`${base}/repositories`} replace />} />
        <Route path="summary" element={<SummaryTab project={project} />} />
        <Route path="repositories" element={<RepositoriesTab project={project} />} />
        <Route path="members" element={gated(gates.members, <MembersTab project={project} />)} />
        <Route path="labels" element={gated(gates.labels, <LabelsTab project={project} />)} />
        <Route path="robot-account" element={gated(gates.robots, <RobotsTab project={project} />)} />
        <Route path="logs" element={gated(gates.logs, <LogsTab project={project} />)} />
        <Route path="configs" element={gated(gates.configs, <ConfigsTab project={project} onSaved={state.reload} />)} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}
