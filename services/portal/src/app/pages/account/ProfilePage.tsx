// User profile: the signed-in person's account. The username is fixed; e-mail, full name and comment can
// be changed. Under OIDC sign-in, the CLI secret command-line clients use as a password is managed here.
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { Field, PageHeader } from '../../components/Field.js';
import { api, ApiClientError, messageOf } from '../../lib/api.js';
import { formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/hooks.js';
import { useSession } from '../../lib/session.js';
import { CliSecretSection } from './CliSecretSection.js';
import { commentError, emailError, realnameError } from './userRules.js';

export function ProfilePage() {
  const { user: sessionUser, refresh } = useSession();
  const current = useAsync(() => api.currentUser(), [sessionUser?.user_id]);
  const user = current.data ?? sessionUser;
  const [email, setEmail] = useState('');
  const [realname, setRealname] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reset = () => {
    setEmail(user?.email ?? '');
    setRealname(user?.realname ?? '');
    setComment(user?.comment ?? '');
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(reset, [user?.user_id, user?.email, user?.realname, user?.comment]);

  if (!user) return <><PageHeader title="User Profile" />{current.error ? <ErrorMessage message={current.error} /> : <div className="loading">Loading…</div>}</>;

  const errors = { email: emailError(email), realname: realnameError(realname), comment: commentError(comment) };
  const dirty = email !== (user.email ?? '') || realname !== (user.realname ?? '') || comment !== (user.comment ?? '');
  const valid = Boolean(email && realname) && Object.values(errors).every((e) => e === null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!dirty || !valid) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await api.updateUser(user.user_id, { email, realname, comment });
      setNotice('Your profile was saved.');
      current.reload();
      await refresh().catch(() => undefined);
    } catch (err) {
      setError(err instanceof ApiClientError && err.status === 409 ? `The e-mail ${email} is already used by another account.` : messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="User Profile" subtitle={user.sysadmin_flag ? 'System administrator' : undefined}
        actions={<Link className="button" to="/harbor/password">Change password</Link>} />
      <form className="card profile-section" onSubmit={submit} aria-label="User profile">
        <Field label="Username" htmlFor="profile-username" hint="The username cannot be changed.">
          <input id="profile-username" className="input" value={user.username} readOnly aria-readonly="true" />
        </Field>
        <Field label="Email" htmlFor="profile-email" error={errors.email ?? (email ? null : 'The e-mail address is required.')}>
          <input id="profile-email" type="email" className="input" required autoComplete="email" value={email} onChange={(e) => { setNotice(null); setEmail(e.target.value); }} />
        </Field>
        <Field label="First and last name" htmlFor="profile-realname" error={errors.realname ?? (realname ? null : 'Your name is required.')}>
          <input id="profile-realname" className="input" required autoComplete="name" value={realname} onChange={(e) => { setNotice(null); setRealname(e.target.value); }} />
        </Field>
        <Field label="Comment" htmlFor="profile-comment" error={errors.comment} hint="Optional, at most 30 characters.">
          <input id="profile-comment" className="input" value={comment} onChange={(e) => { setNotice(null); setComment(e.target.value); }} />
        </Field>
        {user.creation_time && <p className="muted">Member since {formatTime(user.creation_time)}.</p>}
        {error && <ErrorMessage message={error} />}
        {notice && <div className="alert alert-success" role="status">{notice}</div>}
        <div className="form-actions form-actions-start">
          <button type="submit" className="button button-primary" disabled={busy || !dirty || !valid}>{busy ? 'Saving…' : 'Save'}</button>
          <button type="button" className="button" disabled={busy || !dirty} onClick={() => { reset(); setError(null); }}>Cancel</button>
        </div>
      </form>
      <CliSecretSection userId={user.user_id} username={user.username} />
    </>
  );
}
