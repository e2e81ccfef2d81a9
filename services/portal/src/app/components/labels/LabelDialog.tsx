// New or edited label: name, description and colour (Harbor's palette or any hex colour), with a preview.
import { useEffect, useState, type FormEvent } from 'react';
import type { Label } from '@harbor/contracts';
import { api, messageOf } from '../../lib/api.js';
import { ErrorMessage } from '../ConfirmDialog.js';
import { Field } from '../Field.js';
import { Modal } from '../Modal.js';
import { LabelChip } from './LabelChip.js';
import { DEFAULT_LABEL_COLOR, LABEL_COLORS, isHexColor, labelTextColor } from './labelColors.js';

const NAME_MAX_BYTES = 128;

export type LabelScopeProps = { scope: 'g' } | { scope: 'p'; projectId: number };

export function LabelDialog({ open, editing, target, onClose, onSaved }: {
  open: boolean;
  /** The label being edited; a new one when absent. */
  editing?: Label | null;
  target: LabelScopeProps;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [color, setColor] = useState(DEFAULT_LABEL_COLOR);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setName(editing?.name ?? '');
    setDescription(editing?.description ?? '');
    setColor(editing?.color || DEFAULT_LABEL_COLOR);
    setError(null);
  }, [open, editing]);

  const nameBytes = new TextEncoder().encode(name).length;
  const nameError = nameBytes > NAME_MAX_BYTES ? `At most ${NAME_MAX_BYTES} bytes.` : null;
  const colorError = color && !isHexColor(color) ? 'A colour like #0065AB.' : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim() || nameError || colorError) return;
    setBusy(true);
    setError(null);
    const body = {
      name: name.trim(),
      description,
      color: color.toUpperCase(),
      scope: target.scope,
      ...(target.scope === 'p' ? { project_id: target.projectId } : {}),
    };
    try {
      if (editing) await api.updateLabel(editing.id, { ...body, id: editing.id });
      else await api.createLabel(body);
      onSaved();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={editing ? 'Edit Label' : 'New Label'} open={open} onClose={onClose}>
      <form onSubmit={submit} aria-label={editing ? 'Edit label' : 'New label'}>
        <Field label="Label Name" htmlFor="label-name" error={nameError}>
          <input id="label-name" className="input" required autoFocus value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Description" htmlFor="label-description">
          <textarea id="label-description" className="input" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <fieldset className="field fieldset-plain">
          <legend>Colour</legend>
          <div className="swatches" role="group" aria-label="Label colours">
            {LABEL_COLORS.map((c) => (
              <button key={c} type="button" className="swatch" aria-label={`Colour ${c}`} aria-pressed={color.toUpperCase() === c}
                title={c} style={{ background: c, color: labelTextColor(c) }} onClick={() => setColor(c)}>
                {color.toUpperCase() === c ? '✓' : ''}
              </button>
            ))}
          </div>
          <div className="input-group">
            <input className="input" aria-label="Colour (hex)" value={color} maxLength={16} spellCheck={false}
              onChange={(e) => setColor(e.target.value.trim())} />
            <span className="label-preview" aria-label="Preview"><LabelChip label={{ name: name.trim() || 'label', color: isHexColor(color) ? color : undefined }} /></span>
          </div>
          {colorError && <div className="field-error" role="alert">{colorError}</div>}
        </fieldset>
        {error && <ErrorMessage message={error} />}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy || !name.trim() || Boolean(nameError || colorError)}>
            {busy ? 'Saving…' : editing ? 'Save' : 'OK'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
