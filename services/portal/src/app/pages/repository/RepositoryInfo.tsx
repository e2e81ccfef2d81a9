// A repository's description, editable in place by those allowed to update the repository.
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { api, messageOf } from '../../lib/api.js';

export function RepositoryInfo({ projectName, repo, description, canEdit, onSaved }: {
  projectName: string; repo: string; description: string; canEdit: boolean; onSaved: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(description);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.updateRepository(projectName, repo, text);
      setEditing(false);
      onSaved();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  if (editing) {
    return (
      <form className="card repo-info" onSubmit={save}>
        <label htmlFor="repo-description"><strong>Description</strong></label>
        <textarea id="repo-description" className="input repo-description-input" rows={4} value={text}
          onChange={(e) => setText(e.target.value)} disabled={busy} />
        {error && <ErrorMessage message={error} />}
        <div className="form-actions">
          <button type="button" className="button" onClick={() => { setEditing(false); setText(description); setError(null); }} disabled={busy}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
        </div>
      </form>
    );
  }
  return (
    <section className="card repo-info" aria-label="Description">
      <div className="repo-info-head">
        <strong>Description</strong>
        {canEdit && (
          <button type="button" className="button button-small" onClick={() => { setText(description); setEditing(true); }}>Edit description</button>
        )}
      </div>
      {description ? <p className="repo-description">{description}</p> : <p className="muted">No description.</p>}
    </section>
  );
}
