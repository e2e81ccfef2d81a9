// The CLI secret (OIDC sign-in only): the password docker, helm and other command-line clients use,
// since an OIDC account has no password of its own here. A new one is generated or chosen, and shown once.
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { CopyField } from '../../components/CopyButton.js';
import { api, messageOf } from '../../lib/api.js';
import { PasswordFields, passwordsValid } from './PasswordFields.js';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** 32 random characters with at least one uppercase letter, lowercase letter and digit. */
export function generateSecret(): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const s = Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}

export function CliSecretSection({ userId, username }: { userId: number; username: string }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [own, setOwn] = useState(false);
  const [value, setValue] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const store = async (next: string) => {
    setBusy(true);
    setError(null);
    try {
      await api.setCliSecret(userId, next);
      setSecret(next);
      setOwn(false);
      setValue('');
      setConfirm('');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const submitOwn = (e: FormEvent) => {
    e.preventDefault();
    if (passwordsValid(value, confirm)) void store(value);
  };

  return (
    <section className="card profile-section" aria-labelledby="cli-secret-title">
      <h2 id="cli-secret-title">CLI secret</h2>
      <p className="muted">
        You sign in to the console through your identity provider, so you have no password here. Command-line clients such as
        docker and helm use this secret as the password instead, with <code>{username}</code> as the user name.
        A new secret replaces the old one at once.
      </p>
      {secret && (
        <div className="field" data-testid="cli-secret">
          <div className="alert alert-info">Copy the secret now: it is not shown again.</div>
          <CopyField text={secret} label="Copy CLI secret" />
          <CopyField text={`docker login -u ${username} ${location.host}`} label="Copy docker login command" />
        </div>
      )}
      {error && <ErrorMessage message={error} />}
      {own ? (
        <form onSubmit={submitOwn} aria-label="Set CLI secret">
          <PasswordFields idPrefix="cli-secret" label="New secret" confirmLabel="Confirm secret" password={value} confirm={confirm} onPassword={setValue} onConfirm={setConfirm} />
          <div className="form-actions form-actions-start">
            <button type="submit" className="button button-primary" disabled={busy || !passwordsValid(value, confirm)}>{busy ? 'Saving…' : 'Set secret'}</button>
            <button type="button" className="button" onClick={() => { setOwn(false); setValue(''); setConfirm(''); }}>Cancel</button>
          </div>
        </form>
      ) : (
        <div className="form-actions form-actions-start">
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void store(generateSecret())}>
            {busy ? 'Generating…' : 'Generate new secret'}
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => setOwn(true)}>Choose my own secret</button>
        </div>
      )}
    </section>
  );
}
