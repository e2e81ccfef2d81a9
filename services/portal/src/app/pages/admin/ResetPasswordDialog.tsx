// An administrator sets a new password for another user (no current password needed).
import { useState, type FormEvent } from 'react';
import type { UserResp } from '@harbor/contracts';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { Modal } from '../../components/Modal.js';
import { api, messageOf } from '../../lib/api.js';
import { PasswordFields, passwordsValid } from '../account/PasswordFields.js';

export function ResetPasswordDialog({ user, onClose, onDone }: { user: UserResp | null; onClose: () => void; onDone: (username: string) => void }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const valid = passwordsValid(password, confirm);
  const close = () => { setPassword(''); setConfirm(''); setError(null); onClose(); };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!user || !valid) return;
    setBusy(true);
    setError(null);
    try {
      await api.changePassword(user.user_id, password);
      const name = user.username;
      close();
      onDone(name);
    } catch (err) {
      const message = messageOf(err);
      setError(/identical to old password/i.test(message) ? 'The new password is the same as the current one; choose another.' : message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="Reset password" open={user !== null} onClose={close}>
      <form onSubmit={submit} aria-label="Reset password">
        <p>Set a new password for <strong>{user?.username}</strong>. Tell them the new password; they can change it afterwards.</p>
        <PasswordFields idPrefix="reset" label="New password" password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} />
        {error && <ErrorMessage message={error} />}
        <div className="form-actions">
          <button type="button" className="button" onClick={close}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy || !valid}>{busy ? 'Saving…' : 'OK'}</button>
        </div>
      </form>
    </Modal>
  );
}
