// Users (system administrators): every database account with its administrator flag, e-mail and
// registration time; new users, promotion to and demotion from administrator, password reset, deletion.
import { useState } from 'react';
import { Link } from 'react-router';
import type { UserResp } from '@harbor/contracts';
import { buildQ } from '@harbor/client';
import { ConfirmDialog, ErrorMessage } from '../../components/ConfirmDialog.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { EmptyState, PageHeader } from '../../components/Field.js';
import { api, messageOf } from '../../lib/api.js';
import { formatTime } from '../../lib/format.js';
import { useList } from '../../lib/hooks.js';
import { useSession } from '../../lib/session.js';
import { NewUserDialog } from './NewUserDialog.js';
import { ResetPasswordDialog } from './ResetPasswordDialog.js';

export function UsersPage() {
  const { user: me } = useSession();
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<UserResp | null>(null);
  const [deleting, setDeleting] = useState<UserResp | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useList<UserResp>(
    (p) => api.users({ page: p.page, page_size: p.pageSize, sort: p.sort || undefined, q: buildQ({ username: { kind: 'fuzzy', value: p.filter } }) }),
    [], { sort: '-creation_time' });

  const say = (message: string) => { setError(null); setNotice(message); };

  const toggleAdmin = async (u: UserResp) => {
    setBusyId(u.user_id);
    setNotice(null);
    setError(null);
    try {
      await api.setSysAdmin(u.user_id, !u.sysadmin_flag);
      say(u.sysadmin_flag ? `${u.username} is no longer a system administrator.` : `${u.username} is now a system administrator.`);
      list.reload();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusyId(null);
    }
  };

  const columns: Array<Column<UserResp>> = [
    { header: 'Name', sortKey: 'username', render: (u) => <span title={u.realname || undefined}>{u.username}</span> },
    { header: 'Administrator', sortKey: 'sysadmin_flag', render: (u) => (u.sysadmin_flag ? <span className="badge badge-public">Yes</span> : 'No') },
    { header: 'Email', sortKey: 'email', render: (u) => u.email || '–' },
    { header: 'Registration Time', sortKey: 'creation_time', render: (u) => formatTime(u.creation_time) },
    {
      header: 'Actions',
      render: (u) => {
        if (u.user_id === me?.user_id) return <Link to="/harbor/password" className="muted">This is you: change your password</Link>;
        return (
          <div className="row-actions">
            <button type="button" className="button button-small" disabled={busyId === u.user_id} onClick={() => void toggleAdmin(u)}
              aria-label={`${u.sysadmin_flag ? 'Revoke administrator from' : 'Set as administrator'} ${u.username}`}>
              {u.sysadmin_flag ? 'Revoke administrator' : 'Set as administrator'}
            </button>
            <button type="button" className="button button-small" onClick={() => { setNotice(null); setResetting(u); }}
              aria-label={`Reset password of ${u.username}`}>Reset password</button>
            <button type="button" className="button button-small button-danger-outline" onClick={() => { setNotice(null); setDeleting(u); }}
              aria-label={`Delete user ${u.username}`}>Delete</button>
          </div>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader title="Users" subtitle="Accounts stored in the database. System administrators manage every project and the system settings." />
      {notice && <div className="alert alert-success" role="status">{notice}</div>}
      {error && <ErrorMessage message={error} />}
      <DataTable list={list} columns={columns} rowKey={(u) => u.user_id} caption="Users" filterPlaceholder="Filter users by name"
        toolbar={<button type="button" className="button button-primary" onClick={() => { setNotice(null); setCreating(true); }}>New User</button>}
        empty={<EmptyState title={list.params.filter ? 'No user matches the filter' : 'No users yet'}>{list.params.filter ? null : 'Create one with New User.'}</EmptyState>} />
      <NewUserDialog open={creating} onClose={() => setCreating(false)} onCreated={(name) => { say(`User ${name} was created.`); list.reload(); }} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} onDone={(name) => say(`The password of ${name} was changed.`)} />
      <ConfirmDialog open={deleting !== null} title="Delete user" confirmLabel="Delete" onCancel={() => setDeleting(null)}
        message={<p>Delete user <strong>{deleting?.username}</strong>? They lose access to every project, and their memberships are removed. This cannot be undone.</p>}
        onConfirm={async () => {
          const name = deleting!.username;
          await api.deleteUser(deleting!.user_id);
          setDeleting(null);
          say(`User ${name} was deleted.`);
          list.reload();
        }} />
    </>
  );
}
