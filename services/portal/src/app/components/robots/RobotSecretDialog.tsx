// A robot's name and secret, shown once (after creation or a secret refresh): copy it or save it to a file.
import { registryHost } from '../../lib/format.js';
import { CopyButton, CopyField } from '../CopyButton.js';
import { Modal } from '../Modal.js';

export interface ShownSecret {
  name: string;
  secret: string;
  /** Why the secret is shown: a new robot or a refreshed secret. */
  reason: 'created' | 'refreshed';
}

function download(shown: ShownSecret) {
  const blob = new Blob([JSON.stringify({ name: shown.name, secret: shown.secret }, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${shown.name.replace(/[^A-Za-z0-9._+-]/g, '_')}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function RobotSecretDialog({ shown, onClose }: { shown: ShownSecret | null; onClose: () => void }) {
  return (
    <Modal title={shown?.reason === 'refreshed' ? 'New Robot Secret' : 'Robot Account Created'} open={shown !== null} onClose={onClose}
      footer={<button type="button" className="button button-primary" onClick={onClose}>Done</button>}>
      {shown && (
        <>
          <div className="alert alert-info" role="status">
            Copy the secret now: it cannot be shown again. If it is lost, refresh the secret to get a new one.
          </div>
          <div className="field">
            <span className="field-label">Name</span>
            <CopyField text={shown.name} label="Copy robot name" />
          </div>
          <div className="field">
            <span className="field-label">Secret</span>
            <div className="copy-field">
              <code data-testid="robot-secret">{shown.secret}</code>
              <CopyButton text={shown.secret} label="Copy" title="Copy secret" />
            </div>
          </div>
          <div className="field-hint">Sign in with: <code>docker login -u '{shown.name}' {registryHost()}</code> and paste the secret as the password.</div>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => download(shown)}>Export to file</button>
          </div>
        </>
      )}
    </Modal>
  );
}
