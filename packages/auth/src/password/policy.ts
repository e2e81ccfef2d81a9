// Harbor's password and secret policy (requireValidSecret in src/server/v2.0/handler/user.go, IsValidSec
// in src/controller/robot): 8–128 long with at least one uppercase letter, one lowercase letter and one
// digit. The same rule covers user passwords, robot secrets and OIDC CLI secrets.

/** Harbor's error message, word for word, for any password or secret that breaks the policy. */
export const PASSWORD_POLICY_MESSAGE =
  'the password or secret must be 8-128, inclusively, characters long with at least 1 uppercase letter, 1 lowercase letter and 1 number';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a password (or robot / CLI secret) against Harbor's policy. Length is measured in UTF-8 bytes,
 * as Harbor's Go `len()` does, so a 128-character password with multi-byte characters is too long
 * there and here alike. Letter classes are ASCII (`[a-z]`, `[A-Z]`, `[0-9]`), also as in Harbor.
 */
export function validatePassword(password: string): PasswordCheck {
  const bytes = Buffer.byteLength(password, 'utf8');
  const ok =
    bytes >= PASSWORD_MIN_LENGTH &&
    bytes <= PASSWORD_MAX_LENGTH &&
    /[a-z]/.test(password) &&
    /[A-Z]/.test(password) &&
    /[0-9]/.test(password);
  return ok ? { ok: true } : { ok: false, reason: PASSWORD_POLICY_MESSAGE };
}
