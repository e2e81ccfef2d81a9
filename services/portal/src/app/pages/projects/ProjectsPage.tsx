// Projects: the list the caller can see (public ones for everybody, plus memberships), with role,
// repository count, quota use and creation time; create and delete for those allowed to.
import { useState } from 'react';
import { Link } from 'react-router';
import type { Project, Quota } from '@harbor/contracts';
import { buildQ } from '@harbor/client';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { EmptyState, PageHeader } from '../../components/Field.js';
import { api } from '../../lib/api.js';
import { formatTime, quotaUse, roleName } from '../../lib/format.js';
import { useList } from '../../lib/hooks.js';
import { useSession } from '../../lib/session.js';
import { CreateProjectDialog } from './CreateProjectDialog.js';

type Row = Project & { quota?: Quota };

async function withQuotas(items: Project[]): Promise<Row[]> {
  const quotas = await Promise.all(items.map((p) =>
    api.quotas({ reference: 'project', reference_id: String(p.project_id) }).then((r) => r.items[0], () => undefined)));
  return items.map((p, i) => ({ ...p, quota: quotas[i] }));
}

export function ProjectsPage() {
  const { user } = useSession();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Project | null>(null);
  const [blocked, setBlocked] = useState<string | null>(null);
  const list = useList<Row>(async (p) => {
    const page = await api.projects({ page: p.page, page_size: p.pageSize, sort: p.sort || undefined, q: buildQ({ name: { kind: 'fuzzy', value: p.filter } }) });
    return { total: page.total, items: user ? await withQuotas(page.items) : page.items };
  }, [user?.user_id], { sort: '-creation_time' });

  const askDelete = async (p: Project) => {
    setBlocked(null);
    const d = await api.projectDeletable(p.project_id).catch(() => ({ deletable: true, message: undefined }));
    if (!d.deletable) setBlocked(d.message || 'The project still holds repositories or replication rules; remove them first.');
    setDeleting(p);
  };

  const columns: Array<Column<Row>> = [
    { header: 'Project Name', sortKey: 'name', render: (p) => <Link to={`/harbor/projects/${p.project_id}/repositories`}>{p.name}</Link> },
    { header: 'Access Level', render: (p) => (p.metadata?.public === 'true' ? <span className="badge badge-public">Public</span> : <span className="badge">Private</span>) },
    { header: 'Role', render: (p) => (user?.sysadmin_flag && !p.current_user_role_id ? 'System Admin' : roleName(p.current_user_role_id)) },
    { header: 'Repositories Count', render: (p) => p.repo_count, className: 'num' },
    { header: 'Quota Used', render: (p) => (p.quota ? <QuotaBar used={p.quota.used?.storage} hard={p.quota.hard?.storage} /> : '–') },
    { header: 'Creation Time', sortKey: 'creation_time', render: (p) => formatTime(p.creation_time) },
  ];
  if (user) {
    columns.push({
      header: 'Actions',
      render: (p) => (user.sysadmin_flag || p.current_user_role_id === 1
        ? <button type="button" className="button button-small button-danger-outline" onClick={() => void askDelete(p)} aria-label={`Delete project ${p.name}`}>Delete</button>
        : null),
    });
  }
  return (
    <>
      <PageHeader title="Projects" subtitle={user ? undefined : 'You are browsing public projects. Sign in to see your own.'} />
      <DataTable list={list} columns={columns} rowKey={(p) => p.project_id} caption="Projects" filterPlaceholder="Filter projects by name"
        toolbar={user ? <button type="button" className="button button-primary" onClick={() => setCreating(true)}>New Project</button> : undefined}
        empty={<EmptyState title={list.params.filter ? 'No project matches the filter' : 'No projects yet'}>{user && !list.params.filter ? 'Create one with New Project.' : null}</EmptyState>} />
      <CreateProjectDialog open={creating} onClose={() => setCreating(false)} onCreated={() => { setCreating(false); list.reload(); }} />
      <ConfirmDialog open={deleting !== null} title="Delete project" onCancel={() => { setDeleting(null); setBlocked(null); }}
        confirmLabel="Delete"
        message={blocked
          ? <p>Project <strong>{deleting?.name}</strong> cannot be deleted: {blocked}</p>
          : <p>Delete project <strong>{deleting?.name}</strong>? This cannot be undone.</p>}
        onConfirm={async () => {
          if (blocked) { setDeleting(null); setBlocked(null); return; }
          await api.deleteProject(deleting!.project_id);
          setDeleting(null);
          list.reload();
        }} />
    </>
  );
}

export function QuotaBar({ used, hard }: { used?: number; hard?: number }) {
  const q = quotaUse(used, hard);
  return (
    <div className="quota" title={q.label}>
      {q.fraction !== null && (
        <div className="quota-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(q.fraction * 100)} aria-label="Quota used">
          <div className={`quota-fill${q.fraction >= 0.85 ? ' quota-high' : ''}`} style={{ width: `${q.fraction * 100}%` }} />
        </div>
      )}
      <span className="quota-label">{q.label}</span>
    </div>
  );
}
