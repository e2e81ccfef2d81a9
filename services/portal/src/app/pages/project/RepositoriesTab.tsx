// A project's repositories: name (with its description), artifact and pull counts, last change; the
// description can be edited and a repository deleted by those allowed to. Empty projects say how to push.
import { useState } from 'react';
import { Link } from 'react-router';
import type { Project, Repository } from '@harbor/contracts';
import { buildQ } from '@harbor/client';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { EmptyState } from '../../components/Field.js';
import { api } from '../../lib/api.js';
import { formatTime, repoShortName } from '../../lib/format.js';
import { useList } from '../../lib/hooks.js';
import { usePermissions } from '../../lib/session.js';
import { EditRepositoryDescriptionDialog } from './EditRepositoryDescriptionDialog.js';
import { PushCommands } from './PushCommands.js';

export function RepositoriesTab({ project }: { project: Project }) {
  const perms = usePermissions(project.project_id);
  const canDelete = perms.can('repository', 'delete');
  const canEdit = perms.can('repository', 'update');
  const [deleting, setDeleting] = useState<Repository | null>(null);
  const [editing, setEditing] = useState<Repository | null>(null);
  const list = useList<Repository>(
    (p) => api.repositories(project.name, { page: p.page, page_size: p.pageSize, sort: p.sort || undefined, q: buildQ({ name: { kind: 'fuzzy', value: p.filter } }) }),
    [project.name],
    { sort: '-update_time' },
  );
  const short = (r: Repository) => repoShortName(project.name, r.name);

  const columns: Array<Column<Repository>> = [
    {
      header: 'Name',
      sortKey: 'name',
      render: (r) => (
        <div className="repo-name">
          <Link to={`/harbor/projects/${project.project_id}/repositories/${encodeURIComponent(short(r))}`}>{r.name}</Link>
          {r.description && <div className="muted truncate" title={r.description}>{r.description}</div>}
        </div>
      ),
    },
    { header: 'Artifacts', render: (r) => r.artifact_count, className: 'num' },
    { header: 'Pulls', sortKey: 'pull_count', render: (r) => r.pull_count, className: 'num' },
    { header: 'Last Modified', sortKey: 'update_time', render: (r) => formatTime(r.update_time) },
  ];
  if (canDelete || canEdit) {
    columns.push({
      header: 'Actions',
      render: (r) => (
        <div className="row-actions">
          {canEdit && (
            <button type="button" className="button button-small" onClick={() => setEditing(r)} aria-label={`Edit description of ${r.name}`}>
              Edit description
            </button>
          )}
          {canDelete && (
            <button type="button" className="button button-small button-danger-outline" onClick={() => setDeleting(r)} aria-label={`Delete repository ${r.name}`}>
              Delete
            </button>
          )}
        </div>
      ),
    });
  }

  const empty = list.params.filter
    ? <EmptyState title="No repository matches the filter" />
    : (
      <EmptyState title="No repositories yet">
        <div className="empty-push">
          <PushCommands projectName={project.name} />
        </div>
      </EmptyState>
    );

  return (
    <>
      <DataTable list={list} columns={columns} rowKey={(r) => r.id} caption="Repositories" filterPlaceholder="Filter repositories by name" empty={empty} />
      <ConfirmDialog open={deleting !== null} title="Delete repository" confirmLabel="Delete" onCancel={() => setDeleting(null)}
        message={<p>Delete repository <strong>{deleting?.name}</strong> with all its artifacts and tags? This cannot be undone.</p>}
        onConfirm={async () => {
          await api.deleteRepository(project.name, short(deleting!));
          setDeleting(null);
          list.reload();
        }} />
      <EditRepositoryDescriptionDialog projectName={project.name} repository={editing} onClose={() => setEditing(null)}
        onSaved={() => { setEditing(null); list.reload(); }} />
    </>
  );
}
