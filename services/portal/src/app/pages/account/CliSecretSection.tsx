// The CLI secret: a second password for docker, helm and other command-line clients, so scripts and CI
// never hold the account's real password (and accounts that sign in through an identity provider get one
// for clients). A new one is generated or chosen, and shown once.
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
        Command-line clients such as docker and helm accept this secret as the password, with <code>{username}</code> as
        the user name: give it to scripts and CI instead of your real password, and replace it when it leaks. Accounts that
        sign in through an identity provider have no password here and need it.
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
