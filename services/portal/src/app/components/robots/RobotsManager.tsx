// Robot accounts of a project or of the system: list, create (secret shown once), edit, enable or
// disable, refresh the secret and delete — each for those allowed to.
import { useState } from 'react';
import type { Robot } from '@harbor/contracts';
import { buildQ } from '@harbor/client';
import { api, messageOf } from '../../lib/api.js';
import { formatTime } from '../../lib/format.js';
import { useList } from '../../lib/hooks.js';
import { usePermissions } from '../../lib/session.js';
import { ConfirmDialog, ErrorMessage } from '../ConfirmDialog.js';
import { DataTable, type Column } from '../DataTable.js';
import { EmptyState } from '../Field.js';
import { RobotDialog, type RobotTarget } from './RobotDialog.js';
import { RobotSecretDialog, type ShownSecret } from './RobotSecretDialog.js';
import { expiry, permissionDetails, permissionSummary } from './robotPermissions.js';

type Pending = { kind: 'delete' | 'disable' | 'refresh'; robot: Robot };

export function RobotsManager(props: RobotTarget) {
  const projectId = props.level === 'project' ? props.project.project_id : undefined;
  const { can } = usePermissions(projectId);
  const [dialog, setDialog] = useState<{ editing: Robot | null } | null>(null);
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useList<Robot>((p) => api.robots({
    page: p.page, page_size: p.pageSize, sort: p.sort || undefined,
    q: buildQ({
      Level: { kind: 'exact', value: props.level },
      ProjectID: projectId === undefined ? undefined : { kind: 'exact', value: projectId },
      name: { kind: 'fuzzy', value: p.filter },
    }),
  }), [props.level, projectId], { prefix: 'r_' });

  const canCreate = can('robot', 'create');
  const canUpdate = can('robot', 'update');
  const canDelete = can('robot', 'delete');

  const enable = async (r: Robot) => {
    setError(null);
    try {
      await api.updateRobot(r.id, { ...r, disable: false });
      list.reload();
    } catch (err) {
      setError(`Could not enable ${r.name}: ${messageOf(err)}`);
    }
  };

  const confirm = async () => {
    if (!pending) return;
    const r = pending.robot;
    if (pending.kind === 'delete') await api.deleteRobot(r.id);
    else if (pending.kind === 'disable') await api.updateRobot(r.id, { ...r, disable: true });
    else {
      const sec = await api.refreshRobotSecret(r.id);
      if (sec.secret) setShown({ name: r.name, secret: sec.secret, reason: 'refreshed' });
    }
    setPending(null);
    list.reload();
  };

  const columns: Array<Column<Robot>> = [
    { header: 'Name', sortKey: 'name', render: (r) => <span className="robot-name">{r.name}</span> },
    {
      header: 'Status',
      render: (r) => (r.disable ? <span className="badge badge-muted">Disabled</span> : <span className="badge badge-public">Enabled</span>),
    },
    { header: 'Permissions', render: (r) => <span title={permissionDetails(r)}>{permissionSummary(r)}</span> },
    { header: 'Creation Time', sortKey: 'creation_time', render: (r) => formatTime(r.creation_time) },
    {
      header: 'Expires',
      sortKey: 'expires_at',
      render: (r) => {
        const e = expiry(r.expires_at);
        return e.expired ? <span className="text-danger" title={e.text}>Expired</span> : e.text;
      },
    },
    { header: 'Description', render: (r) => r.description || <span className="muted">–</span> },
  ];
  if (canUpdate || canDelete) {
    columns.push({
      header: 'Actions',
      render: (r) => (
        <div className="row-actions">
          {canUpdate && (
            <>
              <button type="button" className="button button-small" aria-label={`Edit robot ${r.name}`} onClick={() => setDialog({ editing: r })}>Edit</button>
              {r.disable
                ? <button type="button" className="button button-small" aria-label={`Enable robot ${r.name}`} onClick={() => void enable(r)}>Enable</button>
                : <button type="button" className="button button-small" aria-label={`Disable robot ${r.name}`} onClick={() => setPending({ kind: 'disable', robot: r })}>Disable</button>}
              <button type="button" className="button button-small" aria-label={`Refresh secret of ${r.name}`}
                onClick={() => setPending({ kind: 'refresh', robot: r })}>Refresh secret</button>
            </>
          )}
          {canDelete && (
            <button type="button" className="button button-small button-danger-outline" aria-label={`Delete robot ${r.name}`}
              onClick={() => setPending({ kind: 'delete', robot: r })}>Delete</button>
          )}
        </div>
      ),
    });
  }

  const name = <strong>{pending?.robot.name}</strong>;
  const confirmText = {
    delete: { title: 'Delete robot account', label: 'Delete', message: <p>Delete robot account {name}? Anything signing in with it stops working. This cannot be undone.</p> },
    disable: { title: 'Disable robot account', label: 'Disable', message: <p>Disable robot account {name}? It cannot sign in until it is enabled again.</p> },
    refresh: { title: 'Refresh secret', label: 'Refresh', message: <p>Generate a new secret for {name}? The current secret stops working at once.</p> },
  }[pending?.kind ?? 'delete'];

  return (
    <>
      {error && <ErrorMessage message={error} />}
      <DataTable list={list} columns={columns} rowKey={(r) => r.id} caption="Robot Accounts" filterPlaceholder="Filter robot accounts by name"
        toolbar={canCreate ? <button type="button" className="button button-primary" onClick={() => setDialog({ editing: null })}>New Robot Account</button> : undefined}
        empty={<EmptyState title={list.params.filter ? 'No robot account matches the filter' : 'No robot accounts yet'}>
          {canCreate && !list.params.filter ? 'Robot accounts let CI jobs and other tools push and pull without a person\'s password.' : null}
        </EmptyState>} />
      <RobotDialog target={props} open={dialog !== null} editing={dialog?.editing} onClose={() => setDialog(null)}
        onCreated={(c) => { setDialog(null); setShown({ name: c.name, secret: c.secret, reason: 'created' }); list.reload(); }}
        onSaved={() => { setDialog(null); list.reload(); }} />
      <RobotSecretDialog shown={shown} onClose={() => setShown(null)} />
      <ConfirmDialog open={pending !== null} title={confirmText.title} confirmLabel={confirmText.label} danger={pending?.kind !== 'refresh'}
        message={confirmText.message} onCancel={() => setPending(null)} onConfirm={confirm} />
    </>
  );
}
