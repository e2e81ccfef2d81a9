// Tokens from the test token service (minted by @harbor/auth) against the reference registry, CNCF
// distribution 2.8.2: its challenge, kid/x5c/ES256 keys, scopes, and the refresh-token flow docker uses.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TokenMinter } from '@harbor/auth';
import { TokenResponseSchema } from '@harbor/contracts';
import { generateSigningCert, issueSigningCert, makeTempDir, removeDir, startDistribution, startTokenServer } from '../src/index.js';
import type { Distribution, GeneratedCert, TokenServer } from '../src/index.js';

const ISSUER = 'harbor-token-issuer';
const SERVICE = 'harbor-registry';
const basic = `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`;

let dir: string;
let root: GeneratedCert;
let ec: GeneratedCert;
let tokens: TokenServer;
let registry: Distribution;

before(async () => {
  dir = makeTempDir('tokdist');
  [root, ec] = await Promise.all([
    generateSigningCert(dir, { name: 'root' }),
    generateSigningCert(dir, { name: 'ec', keyAlgorithm: 'ec-p256' }),
  ]);
  const bundlePath = join(dir, 'bundle.crt');
  writeFileSync(bundlePath, root.certPem + ec.certPem);
  tokens = await startTokenServer({ issuer: ISSUER, service: SERVICE, keyPem: root.keyPem, certPem: root.certPem, users: { admin: 'Harbor12345' } });
  registry = await startDistribution({ token: { realm: tokens.url, service: SERVICE, issuer: ISSUER, rootCertBundlePath: bundlePath } });
});

after(async () => {
  await registry?.stop();
  await tokens?.stop();
  removeDir(dir);
});

/** Follows the registry's Bearer challenge like a client: token request with its realm, service and scope. */
async function challengeAndToken(path: string, init: RequestInit = {}): Promise<string> {
  const res = await fetch(registry.url + path, init);
  await res.arrayBuffer();
  assert.equal(res.status, 401);
  const header = res.headers.get('www-authenticate') ?? '';
  const params = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  assert.match(header, /^Bearer /);
  assert.equal(params.realm, tokens.url);
  assert.equal(params.service, SERVICE);
  const query = new URLSearchParams({ account: 'admin', service: params.service });
  if (params.scope) query.append('scope', params.scope);
  const tokenRes = await fetch(`${params.realm}?${query}`, { headers: { authorization: basic } });
  assert.equal(tokenRes.status, 200);
  return TokenResponseSchema.parse(await tokenRes.json()).token;
}

async function call(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(registry.url + path, { ...init, headers: { ...(init.headers as object), authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res;
}

test('distribution accepts kid-signed tokens for /v2/, push, pull and the catalog', async () => {
  const base = await challengeAndToken('/v2/');
  assert.equal((await call('/v2/', base)).status, 200);
  assert.equal((await call('/v2/_catalog', base)).status, 401, 'no access, no catalog');

  const blob = Buffer.from('hello token auth');
  const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
  const uploadPath = '/v2/lib/app/blobs/uploads/';
  const push = await challengeAndToken(uploadPath, { method: 'POST' });
  const started = await call(uploadPath, push, { method: 'POST' });
  assert.equal(started.status, 202);
  const location = new URL(started.headers.get('location')!, registry.url);
  location.searchParams.set('digest', digest);
  const put = await call(location.pathname + location.search, push, {
    method: 'PUT', body: blob, headers: { 'content-type': 'application/octet-stream' },
  });
  assert.equal(put.status, 201);

  const pull = await challengeAndToken(`/v2/lib/app/blobs/${digest}`, { method: 'HEAD' });
  assert.equal((await call(`/v2/lib/app/blobs/${digest}`, pull, { method: 'HEAD' })).status, 200);
  assert.equal((await call(uploadPath, pull, { method: 'POST' })).status, 401, 'a pull token cannot push');

  const catalog = await challengeAndToken('/v2/_catalog');
  const res = await fetch(`${registry.url}/v2/_catalog`, { headers: { authorization: `Bearer ${catalog}` } });
  assert.deepEqual(await res.json(), { repositories: ['lib/app'] });
});

test('distribution accepts the refresh-token flow docker uses after login', async () => {
  const login = await fetch(`${tokens.url}?account=admin&client_id=docker&offline_token=true&service=${SERVICE}`, {
    headers: { authorization: basic },
  });
  const refresh = TokenResponseSchema.parse(await login.json()).refresh_token!;
  const res = await fetch(tokens.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'docker', refresh_token: refresh, service: SERVICE, scope: 'registry:catalog:*' }),
  });
  const body = TokenResponseSchema.parse(await res.json());
  assert.equal((await call('/v2/_catalog', body.access_token!)).status, 200);
});

test('distribution accepts x5c-chained and ES256 tokens and refuses keys outside its bundle', async () => {
  const leaf = await issueSigningCert(root, dir, { name: 'leaf' });
  const mint = (keyPem: string, extra: object = {}) =>
    new TokenMinter({ issuer: ISSUER, privateKeyPem: keyPem, ...extra }).mint({ subject: 'admin', audience: SERVICE, access: [] }).token;
  assert.equal((await call('/v2/', mint(leaf.keyPem, { certificatePem: leaf.certPem, keyHeader: 'x5c' }))).status, 200);
  assert.equal((await call('/v2/', mint(ec.keyPem))).status, 200);
  assert.equal((await call('/v2/', mint(leaf.keyPem))).status, 401, 'leaf key named by kid is not in the bundle');
  const wrongAudience = new TokenMinter({ issuer: ISSUER, privateKeyPem: root.keyPem }).mint({ subject: 'a', audience: 'other', access: [] });
  assert.equal((await call('/v2/', wrongAudience.token)).status, 401);
});
