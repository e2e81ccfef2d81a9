// New project: name (Harbor's rules, checked as typed), public or private, storage limit.
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { Field } from '../../components/Field.js';
import { Modal } from '../../components/Modal.js';
import { api, messageOf } from '../../lib/api.js';

const NAME_RE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const UNITS = { MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 } as const;

export function projectNameError(name: string): string | null {
  if (!name) return null;
  if (name.length > 255) return 'At most 255 characters.';
  if (!NAME_RE.test(name)) return 'Lowercase letters, digits and . _ - between them only; start and end with a letter or digit.';
  return null;
}

export function CreateProjectDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (name: string) => void }) {
  const [name, setName] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [limit, setLimit] = useState('-1');
  const [unit, setUnit] = useState<keyof typeof UNITS>('GiB');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameError = projectNameError(name);
  const close = () => { setName(''); setPublic(false); setLimit('-1'); setError(null); onClose(); };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (nameError || !name) return;
    const n = Number(limit);
    if (!Number.isFinite(n) || (n < 0 && n !== -1)) { setError('Storage limit must be -1 (unlimited) or a positive number.'); return; }
    setBusy(true);
    setError(null);
    try {
      await api.createProject({ project_name: name, metadata: { public: isPublic ? 'true' : 'false' }, storage_limit: n === -1 ? -1 : Math.round(n * UNITS[unit]) });
      const created = name;
      close();
      onCreated(created);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="New Project" open={open} onClose={close}>
      <form onSubmit={submit} aria-label="New project">
        <Field label="Project Name" htmlFor="project-name" error={nameError}>
          <input id="project-name" className="input" required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </Field>
        <div className="field">
          <label className="checkbox"><input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} /> Public</label>
          <div className="field-hint">Anyone can pull from a public project; a private one only its members.</div>
        </div>
        <Field label="Storage Limit" htmlFor="storage-limit" hint="-1 for unlimited">
          <div className="input-group">
            <input id="storage-limit" className="input" type="number" step="any" min="-1" value={limit} onChange={(e) => setLimit(e.target.value)} />
            <select className="input" value={unit} onChange={(e) => setUnit(e.target.value as keyof typeof UNITS)} aria-label="Storage limit unit">
              {Object.keys(UNITS).map((u) => <option key={u}>{u}</option>)}
            </select>
          </div>
        </Field>
        {error && <ErrorMessage message={error} />}
        <div className="form-actions">
          <button type="button" className="button" onClick={close}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy || !name || Boolean(nameError)}>{busy ? 'Creating…' : 'OK'}</button>
        </div>
      </form>
    </Modal>
  );
}
