// Harbor's rules for a user's profile fields (e-mail, real name, comment), checked before sending.

const EMAIL_RE =
  /^(([^<>()[\]\\.,;:\s@"]+(\.[^<>()[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$/;
const REALNAME_ILLEGAL = [',', '~', '#', '$', '%'];
const bytes = (s: string) => new TextEncoder().encode(s).length;

export function emailError(email: string): string | null {
  if (!email) return null;
  if (email.length > 255) return 'At most 255 characters.';
  return EMAIL_RE.test(email) ? null : 'Enter an e-mail address such as name@example.com.';
}

export function realnameError(name: string): string | null {
  if (!name) return null;
  if (bytes(name) > 255) return 'At most 255 characters.';
  return REALNAME_ILLEGAL.some((c) => name.includes(c)) ? 'The name cannot contain , ~ # $ or %.' : null;
}

export function commentError(comment: string): string | null {
  return bytes(comment) > 30 ? 'At most 30 characters.' : null;
}

export function usernameError(name: string): string | null {
  if (!name) return null;
  if (name.length > 255) return 'At most 255 characters.';
  return /[\s,~#$%:"]/.test(name) ? 'The username cannot contain spaces or , ~ # $ % : ".' : null;
}
