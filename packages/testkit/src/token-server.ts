// A token service for tests that answers real registry clients the way distribution-compatible services
// (Harbor's core, docker_auth) do: GET with Basic or anonymously (docker, skopeo, podman, helm 4), and the
// OAuth2 POST form with password or refresh_token grants (docker after login, ctr, helm 3). Tokens are
// minted by @harbor/auth's TokenMinter, so they are exactly what our core will hand out.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseScopes, TokenMinter, type Access } from '@harbor/auth';
import type { TokenResponse } from '@harbor/contracts';

export type GrantFn = (user: string | null, requested: Access[]) => Access[] | Promise<Access[]>;

export interface TokenServerOptions {
  issuer: string;
  service: string;
  keyPem: string;
  certPem: string;
  /** user name → password */
  users: Record<string, string>;
  /** What a user (null: anonymous) gets; default: known users get what they ask, anonymous nothing. */
  grant?: GrantFn;
  expirySeconds?: number;
}

/** One token request as the server saw it, so tests can assert how a client asked. */
export interface TokenRequestRecord {
  method: string;
  /** `basic`/`anonymous` for GET, the form's grant_type for POST. */
  grantType: string;
  user: string | null;
  service: string | null;
  clientId: string | null;
  offlineToken: boolean;
  requested: Access[];
  status: number;
}

export interface TokenServer {
  /** The realm URL (`http://127.0.0.1:PORT/service/token`). */
  url: string;
  requests: TokenRequestRecord[];
  stop(): Promise<void>;
}

const TOKEN_PATH = '/service/token';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const defaultGrant: GrantFn = (user, requested) => (user === null ? [] : requested);

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const minter = new TokenMinter({
    issuer: options.issuer,
    privateKeyPem: options.keyPem,
    certificatePem: options.certPem,
    expirySeconds: options.expirySeconds,
  });
  const grant = options.grant ?? defaultGrant;
  const refreshTokens = new Map<string, string>(); // refresh token → user
  const requests: TokenRequestRecord[] = [];

  function checkPassword(user: string, password: string): string {
    if (!Object.hasOwn(options.users, user) || options.users[user] !== password) {
      throw new HttpError(401, 'UNAUTHORIZED', 'invalid username or password');
    }
    return user;
  }

  async function issue(user: string | null, scopes: string[], withRefresh: string | null): Promise<TokenResponse> {
    const access = await grant(user, parseScopes(scopes));
    const minted = minter.mint({ subject: user ?? '', audience: options.service, access });
    const body: TokenResponse = { token: minted.token, access_token: minted.token, expires_in: minted.expires_in, issued_at: minted.issued_at };
    if (withRefresh) body.refresh_token = withRefresh;
    return body;
  }

  function newRefreshToken(user: string): string {
    const token = randomBytes(32).toString('base64url');
    refreshTokens.set(token, user);
    return token;
  }

  async function handle(req: IncomingMessage, record: TokenRequestRecord): Promise<TokenResponse> {
    const url = new URL(req.url ?? '/', 'http://token.local');
    if (url.pathname !== TOKEN_PATH) throw new HttpError(404, 'NOT_FOUND', 'no such endpoint');
    if (req.method === 'GET') {
      const q = url.searchParams;
      Object.assign(record, { service: q.get('service'), clientId: q.get('client_id'), offlineToken: q.get('offline_token') === 'true' });
      record.requested = parseScopes(q.getAll('scope'));
      const basic = parseBasic(req.headers.authorization);
      record.grantType = basic ? 'basic' : 'anonymous';
      const user = basic ? checkPassword(basic.user, basic.password) : null;
      record.user = user;
      const refresh = user !== null && record.offlineToken ? newRefreshToken(user) : null;
      return issue(user, q.getAll('scope'), refresh);
    }
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      Object.assign(record, { grantType: form.get('grant_type') ?? '', service: form.get('service'), clientId: form.get('client_id') });
      record.requested = parseScopes(form.getAll('scope'));
      if (record.grantType === 'password') {
        const user = checkPassword(form.get('username') ?? '', form.get('password') ?? '');
        record.user = user;
        return issue(user, form.getAll('scope'), newRefreshToken(user));
      }
      if (record.grantType === 'refresh_token') {
        const refresh = form.get('refresh_token') ?? '';
        const user = refreshTokens.get(refresh);
        if (user === undefined) throw new HttpError(401, 'UNAUTHORIZED', 'invalid refresh token');
        record.user = user;
        // docker keeps using the refresh token it got at login, so hand the same one back.
        return issue(user, form.getAll('scope'), refresh);
      }
      throw new HttpError(400, 'UNSUPPORTED', `unsupported grant_type ${record.grantType}`);
    }
    throw new HttpError(405, 'UNSUPPORTED', `method ${req.method} not allowed`);
  }

  const server = createServer((req, res) => {
    const record: TokenRequestRecord = {
      method: req.method ?? '', grantType: '', user: null, service: null, clientId: null, offlineToken: false, requested: [], status: 0,
    };
    requests.push(record);
    handle(req, record).then(
      (body) => send(res, record, 200, body),
      (err: unknown) => {
        const e = err instanceof HttpError ? err : new HttpError(500, 'UNKNOWN', (err as Error).message);
        send(res, record, e.status, { errors: [{ code: e.code, message: e.message, detail: null }] });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${TOKEN_PATH}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, record: TokenRequestRecord, status: number, body: unknown): void {
  record.status = status;
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function parseBasic(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new HttpError(401, 'UNAUTHORIZED', 'malformed basic credentials');
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new HttpError(413, 'SIZE_INVALID', 'form too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
