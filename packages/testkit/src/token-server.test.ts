import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TokenVerifier, type Access } from '@harbor/auth';
import { TokenResponseSchema } from '@harbor/contracts';
import { generateSigningCert, type GeneratedCert } from './certs.js';
import { startTokenServer, type TokenServer } from './token-server.js';

const ISSUER = 'test-issuer';
const SERVICE = 'test-registry';
const USERS = { alice: 'wonderland', bob: 'b:with:colons' };

let cert: GeneratedCert;
let server: TokenServer;
let verifier: TokenVerifier;

before(async () => {
  cert = await generateSigningCert();
  server = await startTokenServer({ issuer: ISSUER, service: SERVICE, keyPem: cert.keyPem, certPem: cert.certPem, users: USERS });
  verifier = new TokenVerifier({ issuer: ISSUER, service: SERVICE, rootCertBundlePem: cert.certPem });
});
after(() => server.stop());

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

// Token bodies are checked by granted(); error bodies are read loosely.
type Reply = { status: number; body: any };

async function get(params: string, authorization?: string, url = server.url): Promise<Reply> {
  const res = await fetch(`${url}?${params}`, { headers: authorization ? { authorization } : {} });
  return { status: res.status, body: await res.json() };
}

async function post(form: Record<string, string>, url = server.url): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: await res.json() };
}

/** Checks the body against the contract and returns what the token grants. */
function granted(body: unknown): { subject: string; access: readonly Access[]; refresh?: string } {
  const parsed = TokenResponseSchema.parse(body);
  assert.equal(parsed.access_token, parsed.token);
  assert.ok(parsed.expires_in! > 0);
  assert.ok(!Number.isNaN(Date.parse(parsed.issued_at!)));
  const verified = verifier.verify(parsed.token);
  return { subject: verified.subject, access: verified.access, refresh: parsed.refresh_token };
}

describe('token server', () => {
  test('GET with Basic, repeated scopes (docker push, skopeo, podman)', async () => {
    const { status, body } = await get(
      `account=alice&service=${SERVICE}&scope=repository:p/app:push,pull&scope=repository:p/base:pull`,
      basic('alice', 'wonderland'),
    );
    assert.equal(status, 200);
    const g = granted(body);
    assert.equal(g.subject, 'alice');
    assert.deepEqual(g.access, [
      { type: 'repository', name: 'p/app', actions: ['push', 'pull'] },
      { type: 'repository', name: 'p/base', actions: ['pull'] },
    ]);
    assert.equal(g.refresh, undefined);
    const record = server.requests.at(-1)!;
    assert.deepEqual(
      { method: record.method, grantType: record.grantType, user: record.user, service: record.service, status: record.status },
      { method: 'GET', grantType: 'basic', user: 'alice', service: SERVICE, status: 200 },
    );
  });

  test('docker login gets a refresh token that a later POST trades for scoped tokens', async () => {
    const login = await get(`account=bob&client_id=docker&offline_token=true&service=${SERVICE}`, basic('bob', USERS.bob));
    assert.equal(login.status, 200);
    const g = granted(login.body);
    assert.deepEqual(g.access, []);
    assert.ok(g.refresh);

    const refreshed = await post({
      grant_type: 'refresh_token', client_id: 'docker', refresh_token: g.refresh!, service: SERVICE, scope: 'repository:b/x:pull,push',
    });
    assert.equal(refreshed.status, 200);
    const r = granted(refreshed.body);
    assert.equal(r.subject, 'bob');
    assert.deepEqual(r.access, [{ type: 'repository', name: 'b/x', actions: ['pull', 'push'] }]);
    assert.equal(r.refresh, g.refresh, 'the same refresh token is handed back');
    assert.equal(server.requests.at(-1)!.clientId, 'docker');
  });

  test('POST password grant with several space-separated scopes (ctr, helm 3)', async () => {
    const { status, body } = await post({
      grant_type: 'password', username: 'alice', password: 'wonderland', client_id: 'containerd-client', service: SERVICE,
      scope: 'repository:p/app:pull repository:p/app:push repository:charts/c:pull',
    });
    assert.equal(status, 200);
    const g = granted(body);
    assert.deepEqual(g.access, [
      { type: 'repository', name: 'p/app', actions: ['pull', 'push'] },
      { type: 'repository', name: 'charts/c', actions: ['pull'] },
    ]);
    assert.ok(g.refresh);
  });

  test('anonymous GET gets a token without access', async () => {
    const { status, body } = await get(`service=${SERVICE}&scope=repository:p/app:pull`);
    assert.equal(status, 200);
    const g = granted(body);
    assert.equal(g.subject, '');
    assert.deepEqual(g.access, []);
    assert.equal(server.requests.at(-1)!.grantType, 'anonymous');
  });

  test('bad credentials, refresh tokens and grant types are refused', async () => {
    for (const res of [
      await get(`service=${SERVICE}`, basic('alice', 'wrong')),
      await get(`service=${SERVICE}`, basic('mallory', 'x')),
      await get(`service=${SERVICE}`, `Basic ${Buffer.from('no-colon').toString('base64')}`),
      await post({ grant_type: 'password', username: 'alice', password: 'nope', service: SERVICE }),
      await post({ grant_type: 'refresh_token', refresh_token: 'made-up', service: SERVICE }),
    ]) {
      assert.equal(res.status, 401);
      assert.equal(res.body.errors[0].code, 'UNAUTHORIZED');
    }
    const unsupported = await post({ grant_type: 'client_credentials' });
    assert.equal(unsupported.status, 400);
    const elsewhere = await get('x=1', undefined, server.url.replace('/service/token', '/nope'));
    assert.equal(elsewhere.status, 404);
  });
});

test('a grant function decides what users and anonymous callers get', async () => {
  const calls: Array<string | null> = [];
  const custom = await startTokenServer({
    issuer: ISSUER, service: SERVICE, keyPem: cert.keyPem, certPem: cert.certPem, users: USERS,
    grant: (user, requested) => {
      calls.push(user);
      // public/* is readable by anyone; nobody may push anywhere.
      return requested
        .filter((a) => user !== null || a.name.startsWith('public/'))
        .map((a) => ({ ...a, actions: a.actions.filter((x) => x === 'pull') }));
    },
  });
  try {
    const anon = await get(`service=${SERVICE}&scope=repository:public/x:pull&scope=repository:private/y:pull`, undefined, custom.url);
    assert.deepEqual(granted(anon.body).access, [{ type: 'repository', name: 'public/x', actions: ['pull'] }]);
    const alice = await get(`service=${SERVICE}&scope=repository:private/y:pull,push`, basic('alice', 'wonderland'), custom.url);
    assert.deepEqual(granted(alice.body).access, [{ type: 'repository', name: 'private/y', actions: ['pull'] }]);
    assert.deepEqual(calls, [null, 'alice']);
  } finally {
    await custom.stop();
  }
  await assert.rejects(fetch(custom.url));
});
