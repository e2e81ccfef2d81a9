// /v2 through the proxy against callers reaching past their grants: a guest's push, repository names
// that would escape their project, a cross-project blob mount, and tokens that are forged, expired, for
// another audience, not yet valid, unsigned (alg none) or HMAC-signed with the public key. Each is
// refused with the distribution error it deserves — never a 5xx — and the repositories stay unchanged.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { libtrustKeyId, TokenMinter } from '@harbor/auth';
import { startHarborSuite, type HarborSuite } from '@harbor/testkit';
import { basic, HarborApi } from './harbor-api.js';
import { bearer, pushImage, raw, type PushedImage, type RawAnswer } from './registry-http.js';

const DEV = basic('dev', 'Passw0rd!');
const GST = basic('gst', 'Passw0rd!');

/** A 401 from the registry: distribution's body, and a challenge naming the realm, service and scope. */
function challenged(a: RawAnswer, error?: 'invalid_token' | 'insufficient_scope'): void {
  assert.equal(a.status, 401, a.text);
  assert.equal((JSON.parse(a.text) as { errors: Array<{ code: string }> }).errors[0].code, 'UNAUTHORIZED');
  const www = String(a.headers['www-authenticate']);
  assert.match(www, /^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/service\/token",service="harbor-registry"/);
  if (error) assert.match(www, new RegExp(`error="${error}"`));
}

function refusedWith(a: RawAnswer, status: number, code: string): void {
  assert.equal(a.status, status, a.text);
  assert.equal((JSON.parse(a.text) as { errors: Array<{ code: string }> }).errors[0].code, code, a.text);
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

describe('hostile callers against /v2 (whole suite through the proxy)', () => {
  let suite: HarborSuite;
  let api: HarborApi;
  let team: PushedImage;
  let vault: PushedImage;
  let key: KeyObject;
  let kid: string;

  const v2 = (method: string, path: string, headers: Record<string, string> = {}, body?: string) => raw(suite.url, method, path, headers, body);
  /** The registry's index (pull counters and times aside): what a refused request must leave untouched. */
  const content = async () => JSON.stringify(await suite.sql(`SELECT
      (SELECT json_agg(json_build_array(id, name, project_id) ORDER BY id) FROM repository) AS repositories,
      (SELECT json_agg(json_build_array(id, repository_id, digest) ORDER BY id) FROM artifact) AS artifacts,
      (SELECT json_agg(json_build_array(id, repository_id, artifact_id, name) ORDER BY id) FROM tag) AS tags,
      (SELECT json_agg(json_build_array(repository_id, blob_id) ORDER BY repository_id, blob_id) FROM repository_blob) AS links,
      (SELECT count(*) FROM blob) AS blobs`));
  const tags = async (repo: string) => JSON.parse((await v2('GET', `/v2/${repo}/tags/list`, basic('admin', 'Harbor12345'))).text) as { tags: string[] };
  const claims = (over: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return { iss: 'harbor-token-issuer', sub: 'admin', aud: 'harbor-registry', exp: now + 600, nbf: now, iat: now, jti: randomBytes(8).toString('hex'),
      access: [{ type: 'repository', name: 'team/app', actions: ['pull', 'push', 'delete', '*'] }], ...over };
  };
  const rs256 = (payload: unknown, signer: KeyObject, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid }) => {
    const input = `${b64(header)}.${b64(payload)}`;
    return `${input}.${sign('sha256', Buffer.from(input), signer).toString('base64url')}`;
  };

  before(async () => {
    suite = await startHarborSuite();
    api = new HarborApi(suite.url);
    key = createPrivateKey(readFileSync(suite.signingKeyPath, 'utf8'));
    kid = libtrustKeyId(key);
    await api.createProject('team');
    await api.createProject('vault');
    await api.createUser('dev', 'Passw0rd!');
    await api.createUser('gst', 'Passw0rd!');
    await api.addMember('team', 'dev', 2);
    await api.addMember('team', 'gst', 3);
    const admin = await api.tokenOrThrow(['repository:team/app:push,pull', 'repository:vault/base:push,pull'], api.admin);
    team = await pushImage(suite.url, admin, 'team/app', '1.0', 'team');
    vault = await pushImage(suite.url, admin, 'vault/base', '1.0', 'vault');
  });
  after(async () => {
    await suite?.stop();
  });

  test('a guest asking for push gets pull only, and the registry refuses the push', async () => {
    const before = await content();
    const token = await api.tokenOrThrow(['repository:team/app:pull,push,delete'], GST);
    const access = (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { access: Array<{ actions: string[] }> }).access;
    assert.deepEqual(access[0].actions, ['pull']);
    challenged(await v2('POST', '/v2/team/app/blobs/uploads/', bearer(token)), 'insufficient_scope');
    challenged(await v2('PUT', '/v2/team/app/manifests/evil', { ...bearer(token), 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, '{}'), 'insufficient_scope');
    challenged(await v2('DELETE', `/v2/team/app/manifests/${team.manifestDigest}`, bearer(token)), 'insufficient_scope');
    // Basic credentials straight on /v2 are exchanged for the same token, with the same outcome
    challenged(await v2('POST', '/v2/team/app/blobs/uploads/', GST), 'insufficient_scope');
    assert.equal((await v2('GET', `/v2/team/app/manifests/1.0`, bearer(token))).status, 200, 'pull still works');
    // a developer's token for one project names nothing in another
    const dev = await api.tokenOrThrow(['repository:team/app:pull,push', 'repository:vault/base:pull,push'], DEV);
    challenged(await v2('GET', '/v2/vault/base/manifests/1.0', bearer(dev)), 'insufficient_scope');
    challenged(await v2('POST', '/v2/vault/base/blobs/uploads/', bearer(dev)), 'insufficient_scope');
    assert.deepEqual((await tags('team/app')).tags, ['1.0']);
    assert.deepEqual((await tags('vault/base')).tags, ['1.0']);
    assert.equal(await content(), before);
  });

  test('names that would leave their project are refused before any content is read', async () => {
    const before = await content();
    const admin = bearer(await api.tokenOrThrow(['repository:team/app:pull', 'repository:vault/base:pull'], api.admin));
    const dev = bearer(await api.tokenOrThrow(['repository:team/app:pull,push'], DEV));
    for (const path of ['/v2/team/../vault/base/tags/list', '/v2/team/./app/tags/list', '/v2/team/%2E%2E/vault/base/manifests/1.0']) {
      refusedWith(await v2('GET', path, dev), 400, 'UNSUPPORTED');
    }
    for (const path of ['/v2/team%252Fapp/tags/list', '/v2/Team/app/tags/list', '/v2/team/App/manifests/1.0', '/v2/team/app%00/tags/list',
      '/v2/team/a%ED%A0%80/tags/list', `/v2/team/${'a'.repeat(10_000)}/tags/list`, '/v2/team%2F..%2Fvault/base/tags/list']) {
      refusedWith(await v2('GET', path, admin), 400, 'NAME_INVALID');
    }
    refusedWith(await v2('GET', '/v2/team/app/tags/list/', admin), 404, 'NOT_FOUND');
    refusedWith(await v2('GET', '/v2/team/app/manifests/1.0%00', admin), 400, 'TAG_INVALID');
    refusedWith(await v2('GET', '/v2/team/app/blobs/sha256:%00', admin), 400, 'DIGEST_INVALID');
    // %2F is a slash once decoded (as in distribution): the same repository, under the same grant
    assert.deepEqual(JSON.parse((await v2('GET', '/v2/team%2Fapp/tags/list', dev)).text), { name: 'team/app', tags: ['1.0'] });
    challenged(await v2('GET', '/v2/vault%2Fbase/tags/list', dev), 'insufficient_scope');
    // the token service grants nothing on such names either
    for (const name of ['team/../vault/base', 'Team/app', 'team/app/', 'team%2Fapp']) {
      const t = await api.tokenOrThrow([`repository:${name}:pull,push`], api.admin);
      assert.deepEqual((JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString()) as { access: Array<{ actions: string[] }> }).access[0].actions, [], name);
    }
    assert.equal(await content(), before);
  });

  test('a blob of a project the caller cannot read is never mounted: the mount falls back to an upload session', async () => {
    const before = await content();
    const dev = bearer(await api.tokenOrThrow(['repository:team/app:push,pull', 'repository:vault/base:pull'], DEV));
    for (const from of ['vault/base', 'team/../vault/base', 'vault%2Fbase', 'team/app/../../vault/base']) {
      const mount = await v2('POST', `/v2/team/app/blobs/uploads/?mount=${vault.layerDigest}&from=${from}`, dev);
      assert.equal(mount.status, 202, `${from}: ${mount.text}`);
      assert.match(String(mount.headers.location), /^(http:\/\/127\.0\.0\.1:\d+)?\/v2\/team\/app\/blobs\/uploads\/[^/]+$/);
      await v2('DELETE', new URL(String(mount.headers.location), suite.url).pathname, dev);
    }
    assert.equal((await v2('HEAD', `/v2/team/app/blobs/${vault.layerDigest}`, dev)).status, 404, 'the layer did not appear in team/app');
    assert.equal(await content(), before);
    // with pull on the source the same request mounts (201), so the refusal above was the grant's doing
    const admin = bearer(await api.tokenOrThrow(['repository:team/app:push,pull', 'repository:vault/base:pull'], api.admin));
    assert.equal((await v2('POST', `/v2/team/app/blobs/uploads/?mount=${vault.layerDigest}&from=vault/base`, admin)).status, 201);
  });

  test('forged, expired, foreign, premature, unsigned and HMAC tokens are refused with invalid_token', async () => {
    const before = await content();
    const read = (headers: Record<string, string>) => v2('GET', '/v2/team/app/manifests/1.0', headers);
    assert.equal((await read(bearer(rs256(claims(), key)))).status, 200, 'a token signed with the real key is accepted');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const now = Date.now();
    const tokens: Record<string, string> = {
      'another key, its own kid': rs256(claims(), other, { alg: 'RS256', typ: 'JWT', kid: libtrustKeyId(other) }),
      'another key, the real kid': rs256(claims(), other),
      'expired': new TokenMinter({ issuer: 'harbor-token-issuer', privateKeyPem: readFileSync(suite.signingKeyPath, 'utf8'), now: () => now - 3 * 3600_000 })
        .mint({ subject: 'admin', audience: 'harbor-registry', access: claims().access }).token,
      'another audience': rs256(claims({ aud: 'other-registry' }), key),
      'another issuer': rs256(claims({ iss: 'someone-else' }), key),
      'not yet valid': rs256(claims({ nbf: Math.floor(now / 1000) + 3600, exp: Math.floor(now / 1000) + 7200 }), key),
      'no exp': rs256({ ...claims(), exp: undefined }, key),
      'alg none': `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claims())}.`,
      'HS256 keyed with the public certificate': (() => {
        const input = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64(claims())}`;
        return `${input}.${createHmac('sha256', readFileSync(suite.signingCertPath)).update(input).digest('base64url')}`;
      })(),
      'payload swapped after signing': (() => {
        const [h, , s] = rs256(claims({ access: [] }), key).split('.');
        return `${h}.${b64(claims())}.${s}`;
      })(),
      'garbage': 'not.a.token',
    };
    for (const [what, token] of Object.entries(tokens)) {
      const a = await read(bearer(token));
      assert.equal(a.status, 401, `${what}: ${a.status} ${a.text}`);
      challenged(a, 'invalid_token');
    }
    challenged(await read({ Authorization: 'Bearer' }));
    challenged(await read({ Authorization: `Bearer ${'a'.repeat(4000)}` }), 'invalid_token');
    for (const token of Object.values(tokens)) challenged(await v2('PUT', '/v2/team/app/manifests/forged', { ...bearer(token), 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, '{}'), 'invalid_token');
    assert.equal(await content(), before);
  });
});
