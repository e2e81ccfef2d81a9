// The console's one API client: same origin, session cookie, CSRF token carried by the transport.
import { ApiClientError, HarborClient } from '@harbor/client';

export const api = new HarborClient({
  onUnauthorized: () => window.dispatchEvent(new Event('harbor:unauthorized')),
});

/** A message for a person from whatever a call threw. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiClientError) {
    if (err.status === 403) return `${err.message}${err.message.endsWith('.') ? '' : '.'} Ask a project or system administrator for access.`;
    return err.message;
  }
  if (err instanceof TypeError) return 'The server cannot be reached. Check your connection and try again.';
  return err instanceof Error ? err.message : String(err);
}

export { ApiClientError };
