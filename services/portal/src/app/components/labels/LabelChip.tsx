// A label as a coloured chip, its text readable on the label's colour; optionally with a remove button.
import type { Label } from '@harbor/contracts';
import { labelTextColor } from './labelColors.js';

export function LabelChip({ label, onRemove }: { label: Pick<Label, 'name' | 'color' | 'description'>; onRemove?: () => void }) {
  const background = label.color || undefined;
  return (
    <span className={`label-chip${background ? '' : ' label-chip-plain'}`} title={label.description || label.name}
      style={background ? { background, color: labelTextColor(background) } : undefined}>
      {label.name}
      {onRemove && (
        <button type="button" className="chip-remove" aria-label={`Remove label ${label.name}`} onClick={onRemove}>×</button>
      )}
    </span>
  );
}
