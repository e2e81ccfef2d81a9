// Confirmation before anything destructive: says what will go, runs the action, shows its error in place.
import { useState, type ReactNode } from 'react';
import { messageOf } from '../lib/api.js';
import { Modal } from './Modal.js';

export function ConfirmDialog({ title, message, confirmLabel = 'Delete', open, onCancel, onConfirm, danger = true }: {
  title: string; message: ReactNode; confirmLabel?: string; open: boolean; danger?: boolean;
  onCancel: () => void; onConfirm: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => { setError(null); onCancel(); };
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={title} open={open} onClose={close} footer={
      <>
        <button type="button" className="button" onClick={close} disabled={busy}>Cancel</button>
        <button type="button" className={`button ${danger ? 'button-danger' : 'button-primary'}`} onClick={run} disabled={busy}>
          {busy ? 'Working…' : confirmLabel}
        </button>
      </>
    }>
      <div className="confirm-message">{message}</div>
      {error && <ErrorMessage message={error} />}
    </Modal>
  );
}

export function ErrorMessage({ message }: { message: string }) {
  return <div className="alert alert-error" role="alert">{message}</div>;
}
