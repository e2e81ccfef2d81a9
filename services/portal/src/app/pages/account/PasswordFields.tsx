// Harbor's password policy, checked as the person types: 8 to 128 characters with at least one
// uppercase letter, one lowercase letter and one digit; plus the "confirm" field that must match.
import { Field } from '../../components/Field.js';

const encoder = new TextEncoder();

/** What is still missing from a password, in words; null when it meets the policy (or is empty). */
export function passwordPolicyError(password: string): string | null {
  if (!password) return null;
  const missing: string[] = [];
  const bytes = encoder.encode(password).length;
  if (bytes > 128) return 'At most 128 characters.';
  if (bytes < 8) missing.push('at least 8 characters');
  if (!/[A-Z]/.test(password)) missing.push('an uppercase letter');
  if (!/[a-z]/.test(password)) missing.push('a lowercase letter');
  if (!/[0-9]/.test(password)) missing.push('a digit');
  return missing.length ? `Still needs ${missing.join(', ')}.` : null;
}

export function confirmError(password: string, confirm: string): string | null {
  return confirm && confirm !== password ? 'The passwords do not match.' : null;
}

/** True when both fields are filled, the password meets the policy and the confirmation matches. */
export function passwordsValid(password: string, confirm: string): boolean {
  return Boolean(password) && password === confirm && passwordPolicyError(password) === null;
}

export const PASSWORD_HINT = '8–128 characters, with at least one uppercase letter, one lowercase letter and one digit.';

/** The "new password" and "confirm password" pair with their live checks. */
export function PasswordFields({ idPrefix, password, confirm, onPassword, onConfirm, label = 'Password', confirmLabel = 'Confirm password', extraError }: {
  idPrefix: string; password: string; confirm: string; label?: string; confirmLabel?: string;
  onPassword: (v: string) => void; onConfirm: (v: string) => void;
  /** A further rule the new password breaks (e.g. same as the current one). */
  extraError?: string | null;
}) {
  return (
    <>
      <Field label={label} htmlFor={`${idPrefix}-password`} hint={PASSWORD_HINT} error={passwordPolicyError(password) ?? extraError}>
        <input id={`${idPrefix}-password`} type="password" className="input" autoComplete="new-password" required
          value={password} onChange={(e) => onPassword(e.target.value)} />
      </Field>
      <Field label={confirmLabel} htmlFor={`${idPrefix}-confirm`} error={confirmError(password, confirm)}>
        <input id={`${idPrefix}-confirm`} type="password" className="input" autoComplete="new-password" required
          value={confirm} onChange={(e) => onConfirm(e.target.value)} />
      </Field>
    </>
  );
}
