// New member: a user (suggested as the name is typed) and the role they get in the project.
import { useEffect, useState, type FormEvent } from 'react';
import type { Project, UserSearchRespItem } from '@harbor/contracts';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { Field } from '../../components/Field.js';
import { Modal } from '../../components/Modal.js';
import { api, messageOf } from '../../lib/api.js';
import { ROLES } from '../../lib/format.js';

const DEVELOPER = 2;

export function AddMemberDialog({ project, open, onClose, onAdded }: {
  project: Project; open: boolean; onClose: () => void; onAdded: () => void;
}) {
  const [username, setUsername] = useState('');
  const [roleId, setRoleId] = useState(DEVELOPER);
  const [suggestions, setSuggestions] = useState<UserSearchRespItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const name = username.trim();
    if (!open || !name) { setSuggestions([]); return; }
    let live = true;
    const t = setTimeout(() => {
      api.searchUsers(name).then((p) => live && setSuggestions(p.items), () => live && setSuggestions([]));
    }, 250);
    return () => { live = false; clearTimeout(t); };
  }, [username, open]);

  const close = () => { setUsername(''); setRoleId(DEVELOPER); setError(null); setSuggestions([]); onClose(); };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const name = username.trim();
    if (!name) return;
    setBusy(true);
    setError(null);
    try {
      await api.addMember(project.project_id, name, roleId);
      setUsername('');
      setRoleId(DEVELOPER);
      setSuggestions([]);
      onAdded();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="New Member" open={open} onClose={close}>
      <form onSubmit={submit} aria-label="New member">
        <p className="muted">Add a user to project <strong>{project.name}</strong>.</p>
        <Field label="Username" htmlFor="member-username" hint="The user must already exist (or have signed in once).">
          <input id="member-username" className="input" required autoFocus autoComplete="off" list="member-username-suggestions"
            value={username} onChange={(e) => setUsername(e.target.value)} />
          <datalist id="member-username-suggestions">
            {suggestions.map((u) => <option key={u.user_id} value={u.username} />)}
          </datalist>
        </Field>
        <Field label="Role" htmlFor="member-role">
          <select id="member-role" className="input" value={roleId} onChange={(e) => setRoleId(Number(e.target.value))}>
            {ROLES.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </select>
        </Field>
        {error && <ErrorMessage message={error} />}
        <div className="form-actions">
          <button type="button" className="button" onClick={close}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy || !username.trim()}>{busy ? 'Adding…' : 'OK'}</button>
        </div>
      </form>
    </Modal>
  );
}
