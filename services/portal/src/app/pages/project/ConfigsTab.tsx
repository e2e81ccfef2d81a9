// Project configuration: whether the project is public (anyone, even signed out, may pull from it).
// Vulnerability policies join this page once scanning is available.
import { useEffect, useState, type FormEvent } from 'react';
import type { Project } from '@harbor/contracts';
import { ErrorMessage } from '../../components/ConfirmDialog.js';
import { api, messageOf } from '../../lib/api.js';
import { usePermissions } from '../../lib/session.js';

export function ConfigsTab({ project, onSaved }: { project: Project; onSaved?: () => void }) {
  const perms = usePermissions(project.project_id);
  const canUpdate = perms.can('project', 'update');
  const stored = project.metadata?.public === 'true';
  const [isPublic, setIsPublic] = useState(stored);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setIsPublic(stored), [stored]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await api.updateProject(project.project_id, { metadata: { public: isPublic ? 'true' : 'false' } });
      setSaved(true);
      onSaved?.();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card config-form" onSubmit={submit} aria-label="Project configuration">
      <h2>Project registry</h2>
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" checked={isPublic} disabled={!canUpdate || busy}
            onChange={(e) => { setIsPublic(e.target.checked); setSaved(false); }} />
          Public
        </label>
        <div className="field-hint">
          A public project can be browsed and pulled from by anyone, signed in or not. Pushing always needs a member role.
        </div>
      </div>
      <p className="muted">Settings for vulnerability scanning (scan on push, blocking vulnerable images) arrive together with scanning.</p>
      {!canUpdate && !perms.loading && <p className="muted">Only project administrators can change these settings.</p>}
      {saved && <div className="alert alert-success" role="status">Configuration saved.</div>}
      {error && <ErrorMessage message={error} />}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!canUpdate || busy || isPublic === stored}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
