// The transport under the typed client: JSON over fetch, Harbor's error body turned into one error type,
// paged lists read from `X-Total-Count`, and the console's CSRF token carried from the last response that
// sent one to every unsafe request. Works in the browser (same-origin cookie session) and in Node
// (explicit base URL, optional Basic credentials).

export interface HttpOptions {
  /** Where `/api/v2.0` and `/c/` live; empty for the page's own origin. */
  baseUrl?: string;
  /** Basic credentials for non-browser callers; the browser uses the session cookie instead. */
  basic?: { username: string; password: string };
  fetch?: typeof fetch;
  /** Called when a request is refused as unauthenticated (401), e.g. to send the console to sign-in. */
  onUnauthorized?: () => void;
}

export interface Page<T> {
  items: T[];
  /** `X-Total-Count`, or the number of items when the server sent none. */
  total: number;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

/** An API call that did not succeed: the HTTP status plus Harbor's first error code and message. */
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiClientError';
  }
}

export const CSRF_HEADER = 'X-Harbor-CSRF-Token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `?a=1&b=x` from the defined entries of `query`, in their order. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.append(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** A message a person understands for a failed response, from Harbor's `{errors:[…]}` body when there is one. */
export async function errorFrom(res: Response): Promise<ApiClientError> {
  let code = `HTTP_${res.status}`;
  let message = '';
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { errors?: Array<{ code?: string; message?: string }> };
    const first = body.errors?.[0];
    if (first?.code) code = first.code;
    if (first?.message) message = first.message;
  } catch {
    message = text.trim().slice(0, 200);
  }
  if (!message) message = defaultMessage(res.status);
  return new ApiClientError(res.status, code, message);
}

function defaultMessage(status: number): string {
  if (status === 401) return 'You are not signed in, or your session has expired.';
  if (status === 403) return 'You do not have permission to do this.';
  if (status === 404) return 'Not found.';
  if (status === 409) return 'It already exists.';
  if (status >= 500) return 'The server could not complete the request. Try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

export class HttpTransport {
  private csrf: string | null = null;
  private readonly baseUrl: string;
  private readonly doFetch: typeof fetch;

  constructor(private readonly opts: HttpOptions = {}) {
    this.baseUrl = (opts.baseUrl ?? '').replace(/\/+$/, '');
    this.doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  }

  /** One request; resolves with the raw response when it succeeded, throws ApiClientError otherwise. */
  async request(method: string, path: string, init: { query?: Query; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
    let body: string | undefined;
    if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    if (this.opts.basic && !headers.Authorization) {
      headers.Authorization = `Basic ${base64(`${this.opts.basic.username}:${this.opts.basic.password}`)}`;
    }
    if (UNSAFE.has(method) && this.csrf) headers[CSRF_HEADER] = this.csrf;
    const res = await this.doFetch(`${this.baseUrl}${path}${queryString(init.query)}`, {
      method, headers, body, credentials: 'same-origin', redirect: 'manual',
    });
    const token = res.headers.get(CSRF_HEADER);
    if (token) this.csrf = token;
    if (res.ok) return res;
    if (res.status === 401) this.opts.onUnauthorized?.();
    throw await errorFrom(res);
  }

  async json<T>(method: string, path: string, init: { query?: Query; json?: unknown } = {}): Promise<T> {
    const res = await this.request(method, path, init);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async page<T>(path: string, query: Query = {}): Promise<Page<T>> {
    const res = await this.request('GET', path, { query });
    const items = ((await res.json()) ?? []) as T[];
    const header = res.headers.get('X-Total-Count');
    return { items, total: header === null ? items.length : Number(header) };
  }

  /** A write whose answer carries nothing but maybe `Location`; returns the id at its end, if any. */
  async send(method: string, path: string, init: { query?: Query; json?: unknown; form?: Record<string, string> } = {}): Promise<string | null> {
    const res = await this.request(method, path, init);
    await res.arrayBuffer().catch(() => undefined);
    const location = res.headers.get('Location');
    return location ? decodeURIComponent(location.slice(location.lastIndexOf('/') + 1)) : null;
  }

  /** Forgets the CSRF token (after sign-out). */
  reset(): void {
    this.csrf = null;
  }
}

function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
