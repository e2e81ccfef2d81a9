// Edit the free-text description of a repository (what it holds, who maintains it).
import { useEffect, useState, type FormEvent } from 'react';
import type { Repository } from '@harbor/contracts';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { Field } from '../../components/Field.js';
import { Modal } from '../../components/Modal.js';
import { api, messageOf } from '../../lib/api.js';
import { repoShortName } from '../../lib/format.js';

export function EditRepositoryDescriptionDialog({ projectName, repository, onClose, onSaved }: {
  projectName: string;
  /** The repository being edited; the dialog is open while it is set. */
  repository: Repository | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(repository?.description ?? '');
    setError(null);
  }, [repository]);
  const shortName = repository ? repoShortName(projectName, repository.name) : '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!repository) return;
    setBusy(true);
    setError(null);
    try {
      await api.updateRepository(projectName, shortName, text.trim());
      onSaved();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={`Edit description of ${repository?.name ?? ''}`} open={repository !== null} onClose={onClose}>
      <form onSubmit={submit}>
        <Field label="Description" htmlFor="repo-description" hint="Shown under the repository name. Leave empty to remove it.">
          <textarea id="repo-description" className="input" value={text} maxLength={1024} onChange={(e) => setText(e.target.value)} />
        </Field>
        {error && <ErrorMessage message={error} />}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
        </div>
      </form>
    </Modal>
  );
}
