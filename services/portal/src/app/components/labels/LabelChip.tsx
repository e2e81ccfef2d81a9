// A label as a coloured chip, its text readable on the label's colour.
import type { Label } from '@harbor/contracts';
import { labelTextColor } from './labelColors.js';

export function LabelChip({ label }: { label: Pick<Label, 'name' | 'color' | 'description'> }) {
  const background = label.color || undefined;
  return (
    <span className={`label-chip${background ? '' : ' label-chip-plain'}`} title={label.description || label.name}
      style={background ? { background, color: labelTextColor(background) } : undefined}>
      {label.name}
    </span>
  );
}
