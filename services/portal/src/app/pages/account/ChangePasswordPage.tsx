// Change password: the signed-in person proves the current password and picks a new one that meets
// Harbor's policy and differs from the current one.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { Field, PageHeader } from '../../components/Field.js';
import { api, ApiClientError, messageOf } from '../../lib/api.js';
import { useSession } from '../../lib/session.js';
import { PasswordFields, passwordsValid } from './PasswordFields.js';

/** A failed change in words. */
function reason(err: unknown): string {
  if (err instanceof ApiClientError) {
    if (err.status === 403 && /current password/i.test(err.message)) return 'The current password is wrong.';
    if (err.status === 400 && /identical to old password/i.test(err.message)) return 'The new password must be different from the current one.';
    if (err.status === 401) return 'Your session has expired. Sign in again to change your password.';
  }
  return messageOf(err);
}

export function ChangePasswordPage() {
  const { user } = useSession();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const sameAsCurrent = password && current && password === current ? 'The new password must be different from the current one.' : null;
  const valid = Boolean(current) && passwordsValid(password, confirm) && !sameAsCurrent;
  const edit = (set: (v: string) => void) => (v: string) => { setDone(false); setError(null); set(v); };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!user || !valid) return;
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.changePassword(user.user_id, password, current);
      setCurrent('');
      setPassword('');
      setConfirm('');
      setDone(true);
    } catch (err) {
      setError(reason(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="Change Password" subtitle={user ? `For ${user.username}` : undefined} />
      <form className="card profile-section" onSubmit={submit} aria-label="Change password">
        <Field label="Current password" htmlFor="current-password">
          <input id="current-password" type="password" className="input" autoComplete="current-password" required
            value={current} onChange={(e) => edit(setCurrent)(e.target.value)} />
        </Field>
        <PasswordFields idPrefix="change" label="New password" confirmLabel="Confirm new password" password={password} confirm={confirm}
          onPassword={edit(setPassword)} onConfirm={edit(setConfirm)} extraError={sameAsCurrent} />
        {error && <ErrorMessage message={error} />}
        {done && <div className="alert alert-success" role="status">Your password was changed. Use the new one the next time you sign in or run docker login.</div>}
        <div className="form-actions form-actions-start">
          <button type="submit" className="button button-primary" disabled={busy || !valid}>{busy ? 'Saving…' : 'OK'}</button>
          <Link className="button" to="/harbor/profile">Back to profile</Link>
        </div>
      </form>
    </>
  );
}
