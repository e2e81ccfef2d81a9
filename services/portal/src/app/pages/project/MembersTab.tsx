// Project members: who belongs to the project and with which role; add, change the role of and remove
// members for those allowed to (nobody can demote or remove themselves).
import { useState } from 'react';
import type { Project, ProjectMemberEntity } from '@harbor/contracts';
import type { Page } from '@harbor/client';
import { ConfirmDialog, ErrorMessage } from '../../components/ConfirmDialog.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { EmptyState } from '../../components/Field.js';
import { api, messageOf } from '../../lib/api.js';
import { ROLES, roleName } from '../../lib/format.js';
import { useList } from '../../lib/hooks.js';
import { usePermissions, useSession } from '../../lib/session.js';
import { AddMemberDialog } from './AddMemberDialog.js';

export function MembersTab({ project }: { project: Project }) {
  const { user } = useSession();
  const { can } = usePermissions(project.project_id);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ProjectMemberEntity | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useList<ProjectMemberEntity>(async (p) => {
    // Lists answer with member entities (id, entity_name, entity_type, role_id).
    const page = await api.members(project.project_id, { page: p.page, page_size: p.pageSize, entityname: p.filter || undefined });
    return page as unknown as Page<ProjectMemberEntity>;
  }, [project.project_id], { prefix: 'm_' });

  const isSelf = (m: ProjectMemberEntity) => m.entity_type === 'u' && user !== null && m.entity_id === user.user_id;
  const canUpdate = can('member', 'update');
  const canDelete = can('member', 'delete');

  const changeRole = async (m: ProjectMemberEntity, roleId: number) => {
    setError(null);
    setBusyId(m.id);
    try {
      await api.updateMember(project.project_id, m.id, roleId);
      list.reload();
    } catch (err) {
      setError(`Could not change the role of ${m.entity_name}: ${messageOf(err)}`);
    } finally {
      setBusyId(null);
    }
  };

  const columns: Array<Column<ProjectMemberEntity>> = [
    { header: 'Name', render: (m) => <>{m.entity_name}{isSelf(m) && <span className="muted"> (you)</span>}</> },
    { header: 'Member Type', render: (m) => (m.entity_type === 'g' ? 'Group' : 'User') },
    {
      header: 'Role',
      render: (m) => (canUpdate && !isSelf(m)
        ? (
          <select className="input" aria-label={`Role of ${m.entity_name}`} value={m.role_id} disabled={busyId === m.id}
            onChange={(e) => void changeRole(m, Number(e.target.value))}>
            {ROLES.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </select>
        )
        : roleName(m.role_id)),
    },
  ];
  if (canDelete) {
    columns.push({
      header: 'Actions',
      render: (m) => (isSelf(m) ? null : (
        <button type="button" className="button button-small button-danger-outline" aria-label={`Remove member ${m.entity_name}`}
          onClick={() => setRemoving(m)}>Remove</button>
      )),
    });
  }

  const canCreate = can('member', 'create');
  return (
    <>
      {error && <ErrorMessage message={error} />}
      <DataTable list={list} columns={columns} rowKey={(m) => m.id} caption="Members" filterPlaceholder="Filter members by name"
        toolbar={canCreate ? <button type="button" className="button button-primary" onClick={() => setAdding(true)}>New Member</button> : undefined}
        empty={<EmptyState title={list.params.filter ? 'No member matches the filter' : 'No members yet'}>
          {canCreate && !list.params.filter ? 'Add users with New Member.' : null}
        </EmptyState>} />
      <AddMemberDialog project={project} open={adding} onClose={() => setAdding(false)}
        onAdded={() => { setAdding(false); list.reload(); }} />
      <ConfirmDialog open={removing !== null} title="Remove member" confirmLabel="Remove"
        message={<p>Remove <strong>{removing?.entity_name}</strong> from project <strong>{project.name}</strong>? They lose the access their role gave them.</p>}
        onCancel={() => setRemoving(null)}
        onConfirm={async () => {
          await api.removeMember(project.project_id, removing!.id);
          setRemoving(null);
          list.reload();
        }} />
    </>
  );
}
