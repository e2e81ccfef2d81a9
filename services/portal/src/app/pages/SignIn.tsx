// Sign in with a database user; on success back to where the visitor wanted to go.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorMessage } from '../components/ConfirmDialog.js';
import { Field } from '../components/Field.js';
import { ApiClientError, messageOf } from '../lib/api.js';
import { useSession } from '../lib/session.js';

export function SignIn() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [principal, setPrincipal] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(principal, password);
      const back = params.get('redirect_url');
      navigate(back && back.startsWith('/') && !back.startsWith('//') ? back : '/harbor/projects', { replace: true });
    } catch (err) {
      setError(err instanceof ApiClientError && err.status === 401 ? 'Invalid user name or password.' : messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="sign-in-page">
      <form className="card sign-in" onSubmit={submit} aria-label="Sign in">
        <h1><img src="/favicon.svg" alt="" width="32" height="32" /> Harbor</h1>
        <Field label="Username or email" htmlFor="principal">
          <input id="principal" className="input" autoComplete="username" required autoFocus value={principal} onChange={(e) => setPrincipal(e.target.value)} />
        </Field>
        <Field label="Password" htmlFor="password">
          <input id="password" type="password" className="input" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        {error && <ErrorMessage message={error} />}
        <button type="submit" className="button button-primary button-block" disabled={busy}>{busy ? 'Signing in…' : 'Log in'}</button>
        <p className="muted"><Link to="/harbor/projects">Browse public projects without signing in</Link></p>
      </form>
    </div>
  );
}
