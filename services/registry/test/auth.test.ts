import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenMinter } from '@harbor/auth';
import { generateSigningCert, startTokenServer, type TokenServer } from '@harbor/testkit';
import { errorCode, pushImage, startTestRegistry, type TestRegistry } from './helpers.js';

const SERVICE = 'harbor-registry';
const ISSUER = 'harbor-token-issuer';

describe('token authentication', () => {
  let reg: TestRegistry;
  let tokens: TokenServer;
  let minter: TokenMinter;
  let otherMinter: TokenMinter;
  let keyPem: string;

  before(async () => {
    const cert = await generateSigningCert();
    const other = await generateSigningCert();
    keyPem = cert.keyPem;
    tokens = await startTokenServer({ issuer: ISSUER, service: SERVICE, keyPem: cert.keyPem, certPem: cert.certPem, users: { alice: 'Secret123' } });
    reg = await startTestRegistry({
      auth: { token: { realm: tokens.url, service: SERVICE, issuer: ISSUER, rootcertbundle: cert.certPath } },
    });
    minter = new TokenMinter({ issuer: ISSUER, privateKeyPem: cert.keyPem });
    otherMinter = new TokenMinter({ issuer: ISSUER, privateKeyPem: other.keyPem });
  });
  after(async () => {
    await reg.stop();
    await tokens.stop();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const mint = (actions: string[], name = 'team/app', m = minter, audience = SERVICE) =>
    m.mint({ subject: 'alice', audience, access: [{ type: 'repository', name, actions }] }).token;

  test('anonymous requests get 401 with a challenge naming realm, service and scope', async () => {
    const base = await fetch(`${reg.url}/v2/`);
    assert.equal(base.status, 401);
    assert.equal(base.headers.get('www-authenticate'), `Bearer realm="${tokens.url}",service="${SERVICE}"`);
    assert.equal(await errorCode(base), 'UNAUTHORIZED');
    const pull = await fetch(`${reg.url}/v2/team/app/manifests/latest`);
    assert.equal(pull.headers.get('www-authenticate'), `Bearer realm="${tokens.url}",service="${SERVICE}",scope="repository:team/app:pull"`);
    const push = await fetch(`${reg.url}/v2/team/app/blobs/uploads/`, { method: 'POST' });
    assert.match(push.headers.get('www-authenticate')!, /scope="repository:team\/app:pull,push"/);
    const cat = await fetch(`${reg.url}/v2/_catalog`);
    assert.match(cat.headers.get('www-authenticate')!, /scope="registry:catalog:\*"/);
  });

  test('a token from the realm lets the holder push and pull', async () => {
    const res = await fetch(`${tokens.url}?service=${SERVICE}&scope=repository:team/app:pull,push`, {
      headers: { Authorization: `Basic ${Buffer.from('alice:Secret123').toString('base64')}` },
    });
    const { token } = (await res.json()) as { token: string };
    const img = await pushImage(reg.url, 'team/app', 'v1', { headers: bearer(token) });
    const get = await fetch(`${reg.url}/v2/team/app/manifests/v1`, { headers: bearer(token) });
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('docker-content-digest'), img.digest);
  });

  test('a pull-only token cannot push: 401 insufficient_scope', async () => {
    const res = await fetch(`${reg.url}/v2/team/app/blobs/uploads/`, { method: 'POST', headers: bearer(mint(['pull'])) });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate')!, /error="insufficient_scope"/);
    const other = await fetch(`${reg.url}/v2/team/other/tags/list`, { headers: bearer(mint(['pull'])) });
    assert.equal(other.status, 401);
  });

  test('forged, expired and wrong-audience tokens are refused', async () => {
    const forged = await fetch(`${reg.url}/v2/team/app/tags/list`, { headers: bearer(mint(['pull'], 'team/app', otherMinter)) });
    assert.equal(forged.status, 401);
    assert.match(forged.headers.get('www-authenticate')!, /error="invalid_token"/);
    const wrongAud = await fetch(`${reg.url}/v2/team/app/tags/list`, { headers: bearer(mint(['pull'], 'team/app', minter, 'other')) });
    assert.equal(wrongAud.status, 401);
    const old = new TokenMinter({ issuer: ISSUER, privateKeyPem: keyPem, now: () => Date.now() - 3_600_000, expirySeconds: 300 });
    const expired = await fetch(`${reg.url}/v2/team/app/tags/list`, { headers: bearer(old.mint({ subject: 'a', audience: SERVICE, access: [] }).token) });
    assert.equal(expired.status, 401);
    const garbage = await fetch(`${reg.url}/v2/team/app/tags/list`, { headers: bearer('not.a.jwt') });
    assert.equal(garbage.status, 401);
  });

  test('catalog needs registry:catalog:*', async () => {
    const denied = await fetch(`${reg.url}/v2/_catalog`, { headers: bearer(mint(['pull'])) });
    assert.equal(denied.status, 401);
    const token = minter.mint({ subject: 'admin', audience: SERVICE, access: [{ type: 'registry', name: 'catalog', actions: ['*'] }] }).token;
    const ok = await fetch(`${reg.url}/v2/_catalog`, { headers: bearer(token) });
    assert.equal(ok.status, 200);
    assert.ok(((await ok.json()) as { repositories: string[] }).repositories.includes('team/app'));
  });

  test('delete needs the delete action (or *)', async () => {
    const img = await pushImage(reg.url, 'team/app', 'gone', { headers: bearer(mint(['pull', 'push'])) });
    const denied = await fetch(`${reg.url}/v2/team/app/manifests/${img.digest}`, { method: 'DELETE', headers: bearer(mint(['pull', 'push'])) });
    assert.equal(denied.status, 401);
    const ok = await fetch(`${reg.url}/v2/team/app/manifests/${img.digest}`, { method: 'DELETE', headers: bearer(mint(['*'])) });
    assert.equal(ok.status, 202);
  });

  test('Basic credentials straight on /v2/ are exchanged at the token service (curl -u)', async () => {
    const basic = { Authorization: `Basic ${Buffer.from('alice:Secret123').toString('base64')}` };
    const base = await fetch(`${reg.url}/v2/`, { headers: basic });
    assert.equal(base.status, 200);
    const tags = await fetch(`${reg.url}/v2/team/app/tags/list`, { headers: basic });
    assert.equal(tags.status, 200);
    assert.ok(((await tags.json()) as { tags: string[] }).tags.includes('v1'));
    const before = tokens.requests.length;
    await fetch(`${reg.url}/v2/team/app/tags/list`, { headers: basic });
    assert.equal(tokens.requests.length, before, 'the exchanged token is reused');
    const wrong = await fetch(`${reg.url}/v2/team/app/tags/list`, { headers: { Authorization: `Basic ${Buffer.from('alice:nope').toString('base64')}` } });
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get('www-authenticate')!, /^Bearer realm=/);
  });
});
