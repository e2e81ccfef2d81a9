// New user (database authentication): username, e-mail, full name, password with Harbor's policy, comment.
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { Field } from '../../components/Field.js';
import { Modal } from '../../components/Modal.js';
import { api, ApiClientError, messageOf } from '../../lib/api.js';
import { PasswordFields, passwordsValid } from '../account/PasswordFields.js';
import { commentError, emailError, realnameError, usernameError } from '../account/userRules.js';

const EMPTY = { username: '', email: '', realname: '', password: '', confirm: '', comment: '' };

export function NewUserDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (username: string) => void }) {
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof EMPTY) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const errors = {
    username: usernameError(form.username),
    email: emailError(form.email),
    realname: realnameError(form.realname),
    comment: commentError(form.comment),
  };
  const valid = Boolean(form.username && form.email && form.realname)
    && Object.values(errors).every((e) => e === null) && passwordsValid(form.password, form.confirm);
  const close = () => { setForm(EMPTY); setError(null); onClose(); };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      await api.createUser({
        username: form.username, email: form.email, realname: form.realname, password: form.password,
        ...(form.comment ? { comment: form.comment } : {}),
      });
      const created = form.username;
      close();
      onCreated(created);
    } catch (err) {
      setError(err instanceof ApiClientError && err.status === 409
        ? `A user named ${form.username} or with the e-mail ${form.email} already exists.`
        : messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="New User" open={open} onClose={close}>
      <form onSubmit={submit} aria-label="New user">
        <Field label="Username" htmlFor="new-user-name" error={errors.username}>
          <input id="new-user-name" className="input" required autoFocus autoComplete="off" maxLength={255}
            value={form.username} onChange={(e) => set('username')(e.target.value)} />
        </Field>
        <Field label="Email" htmlFor="new-user-email" error={errors.email} hint="Used to reset the password.">
          <input id="new-user-email" type="email" className="input" required autoComplete="off"
            value={form.email} onChange={(e) => set('email')(e.target.value)} />
        </Field>
        <Field label="First and last name" htmlFor="new-user-realname" error={errors.realname}>
          <input id="new-user-realname" className="input" required autoComplete="off"
            value={form.realname} onChange={(e) => set('realname')(e.target.value)} />
        </Field>
        <PasswordFields idPrefix="new-user" password={form.password} confirm={form.confirm} onPassword={set('password')} onConfirm={set('confirm')} />
        <Field label="Comment" htmlFor="new-user-comment" error={errors.comment} hint="Optional, at most 30 characters.">
          <input id="new-user-comment" className="input" value={form.comment} onChange={(e) => set('comment')(e.target.value)} />
        </Field>
        {error && <ErrorMessage message={error} />}
        <div className="form-actions">
          <button type="button" className="button" onClick={close}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy || !valid}>{busy ? 'Creating…' : 'OK'}</button>
        </div>
      </form>
    </Modal>
  );
}
