// The whole suite under test, started as the README's `npm start` does (testkit startHarborSuite: proxy,
// core and registry on their own database and Redis prefix), with the people the benchmark acts as: the
// admin, and a developer who is a member of the private project `bench` (what a CI pipeline pushing
// images usually is). Also the small HTTP helpers the suite phases share: the API with Basic credentials
// or a console session, and tokens from core's /service/token.
import { startHarborSuite, type HarborSuite } from '@harbor/testkit';
import { pidListeningOn, type Target } from './registries.js';

export const ADMIN = { username: 'admin', password: 'Harbor12345' };
export const DEVELOPER = { username: 'bench-dev', password: 'BenchDev12345' };
export const PROJECT = 'bench';
export const SERVICE = 'harbor-registry';

export interface Creds {
  username: string;
  password: string;
}

export const basicHeader = (c: Creds) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

/** How an API call authenticates: Basic credentials, or a console session (cookie + CSRF token). */
export type ApiAuth = { basic: Creds } | { cookie: string; csrf: string };

export function authHeaders(auth: ApiAuth): Record<string, string> {
  return 'basic' in auth ? { authorization: basicHeader(auth.basic) } : { cookie: auth.cookie, 'x-harbor-csrf-token': auth.csrf };
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** One API request; a JSON body is sent as such. Throws unless the status is one of `expect`. */
export async function api(base: string, auth: ApiAuth | null, method: string, path: string, body?: unknown, expect: number[] = [200, 201]): Promise<ApiAnswer> {
  const headers: Record<string, string> = auth ? authHeaders(auth) : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!expect.includes(res.status)) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Signs in to the console (POST /c/login) and returns the session for later API calls. */
export async function login(base: string, c: Creds): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/c/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ principal: c.username, password: c.password }).toString(),
  });
  await res.arrayBuffer();
  const sid = /(?:^|,\s*)sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  const csrf = res.headers.get('x-harbor-csrf-token');
  if (res.status !== 200 || !sid || !csrf) throw new Error(`console login of ${c.username}: HTTP ${res.status}`);
  return { cookie: `sid=${sid}`, csrf };
}

/** A registry token from core's token service, asked the way skopeo and docker ask (GET with Basic). */
export async function coreToken(base: string, c: Creds, scopes: string[]): Promise<string> {
  const q = new URLSearchParams({ service: SERVICE, account: c.username });
  for (const s of scopes) q.append('scope', s);
  const res = await fetch(`${base}/service/token?${q}`, { headers: { authorization: basicHeader(c) } });
  const body = (await res.json().catch(() => ({}))) as { token?: string };
  if (res.status !== 200 || !body.token) throw new Error(`token for ${scopes.join(' ')}: HTTP ${res.status}`);
  return body.token;
}

export const repoScope = (repo: string, actions = 'pull,push') => `repository:${repo}:${actions}`;

export interface SuiteStack {
  suite: HarborSuite;
  /** The proxy as a Target (url/host of the proxy, pid of the registry process), for the shared helpers. */
  target: Target;
  /** Our registry on its own port, bypassing the proxy (token auth still through core). */
  registry: Target;
  pids: { core: number; registry: number; proxy: number };
  /** The admin's console session (no password hash per request while seeding). */
  admin: { cookie: string; csrf: string };
  stop(): Promise<void>;
}

const portOf = (url: string) => Number(new URL(url).port);

function pidOf(what: string, url: string): number {
  const pid = pidListeningOn(portOf(url));
  if (pid === null) throw new Error(`no process listens for ${what} on ${url}`);
  return pid;
}

/** Starts the suite and creates the developer and the private project `bench` with them as developer. */
export async function startSuiteStack(log: (m: string) => void): Promise<SuiteStack> {
  const t0 = Date.now();
  const suite = await startHarborSuite({ adminPassword: ADMIN.password, timeoutMs: 300_000 });
  try {
    const pids = { core: pidOf('core', suite.coreUrl), registry: pidOf('the registry', suite.registryUrl), proxy: pidOf('the proxy', suite.url) };
    const admin = await login(suite.url, ADMIN);
    await api(suite.url, admin, 'POST', '/api/v2.0/users', {
      username: DEVELOPER.username, password: DEVELOPER.password, email: 'bench-dev@example.com', realname: 'Bench Developer',
    });
    await createProject(suite.url, admin, PROJECT);
    log(`  suite up in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${suite.url} (pids core ${pids.core}, registry ${pids.registry}, proxy ${pids.proxy}); ` +
      `${DEVELOPER.username} is developer of private project ${PROJECT}`);
    const target: Target = { side: 'ours', url: suite.url, host: suite.host, pid: pids.registry, databaseUrl: suite.databaseUrl, stop: () => suite.stop() };
    const registry: Target = { ...target, url: suite.registryUrl, host: new URL(suite.registryUrl).host };
    return { suite, target, registry, pids, admin, stop: () => suite.stop() };
  } catch (e) {
    await suite.stop();
    throw e;
  }
}

/** A private project with the developer as a member (role 2). */
export async function createProject(base: string, admin: ApiAuth, name: string): Promise<void> {
  await api(base, admin, 'POST', '/api/v2.0/projects', { project_name: name, public: false, metadata: { public: 'false' } });
  await api(base, admin, 'POST', `/api/v2.0/projects/${name}/members`, { role_id: 2, member_user: { username: DEVELOPER.username } });
}
