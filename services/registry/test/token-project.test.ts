// As Harbor: a token issued before its repository's project was created is refused, so a project deleted
// and created again under the same name does not inherit tokens handed out for the old one. `iat` has
// whole seconds, so a token minted in the second the project was created still counts. A repository in
// no known project (or in one the registry created itself on a push) is checked as before. Basic
// credentials whose cached token went stale get a new one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenMinter } from '@harbor/auth';
import { createPool, type Pool } from '@harbor/db/sql';
import { generateSigningCert, startTokenServer, type TokenServer } from '@harbor/testkit';
import { pushImage, startTestRegistry, type TestRegistry } from './helpers.js';

const SERVICE = 'harbor-registry';
const ISSUER = 'harbor-token-issuer';

describe('tokens older than their project', () => {
  let reg: TestRegistry;
  let tokens: TokenServer;
  let db: Pool;
  let keyPem: string;
  before(async () => {
    const cert = await generateSigningCert();
    keyPem = cert.keyPem;
    tokens = await startTokenServer({ issuer: ISSUER, service: SERVICE, keyPem: cert.keyPem, certPem: cert.certPem, users: { alice: 'Secret123' } });
    reg = await startTestRegistry({ auth: { token: { realm: tokens.url, service: SERVICE, issuer: ISSUER, rootcertbundle: cert.certPath } } });
    db = createPool(reg.databaseUrl, { max: 2, application: 'test' });
  });
  after(async () => {
    await db.end();
    await reg.stop();
    await tokens.stop();
  });

  /** A token for `<project>/app` minted `ageSeconds` ago (valid for an hour), and its iat. */
  const token = (project: string, ageSeconds: number) => {
    const minter = new TokenMinter({ issuer: ISSUER, privateKeyPem: keyPem, expirySeconds: 3600, now: () => Date.now() - ageSeconds * 1000 });
    const minted = minter.mint({ subject: 'alice', audience: SERVICE, access: [{ type: 'repository', name: `${project}/app`, actions: ['pull', 'push'] }] });
    const iat = JSON.parse(Buffer.from(minted.token.split('.')[1], 'base64url').toString()).iat as number;
    return { headers: { Authorization: `Bearer ${minted.token}` }, iat };
  };
  /** A project as core creates it: with its creator as a member. */
  const createProject = (name: string, creationSql: string, values: unknown[] = []) =>
    db.query(`WITH p AS (INSERT INTO project (name, public, creation_time) VALUES ($1, false, ${creationSql}) RETURNING id)
              INSERT INTO project_member (project_id, entity_id, entity_type, role) SELECT id, 1, 'u', 1 FROM p`, [name, ...values]);
  const tags = async (project: string, headers: Record<string, string>) => {
    const res = await fetch(`${reg.url}/v2/${project}/app/tags/list`, { headers });
    await res.arrayBuffer();
    return { status: res.status, challenge: res.headers.get('www-authenticate') ?? '' };
  };

  test('a token issued before the project was created is refused with invalid_token; a later one is accepted', async () => {
    await createProject('fresh', 'now()');
    const old = await tags('fresh', token('fresh', 120).headers);
    assert.equal(old.status, 401);
    assert.match(old.challenge, /error="invalid_token"/);
    assert.match(old.challenge, /scope="repository:fresh\/app:pull"/);
    assert.equal((await tags('fresh', token('fresh', 0).headers)).status, 404, 'a current token passes (the repository is unknown)');

    await createProject('older', "now() - interval '1 hour'");
    assert.equal((await tags('older', token('older', 120).headers)).status, 404, 'the project predates the token');
    assert.equal((await tags('nowhere', token('nowhere', 120).headers)).status, 404, 'no such project: no check');
  });

  test('iat has whole seconds: the project\'s second counts as the token\'s', async () => {
    const t = token('same', 0);
    await createProject('same', "to_timestamp($2) + interval '0.7 second'", [t.iat]);
    assert.equal((await tags('same', t.headers)).status, 404);
    const u = token('later', 0);
    await createProject('later', "to_timestamp($2) + interval '1.2 second'", [u.iat]);
    assert.equal((await tags('later', u.headers)).status, 401);
  });

  test('the check applies to pushes too', async () => {
    await createProject('pushy', 'now()');
    const res = await fetch(`${reg.url}/v2/pushy/app/blobs/uploads/`, { method: 'POST', headers: token('pushy', 120).headers });
    assert.equal(res.status, 401);
    const ok = await fetch(`${reg.url}/v2/pushy/app/blobs/uploads/`, { method: 'POST', headers: token('pushy', 0).headers });
    assert.equal(ok.status, 202);
  });

  test('a project the registry creates itself on a first push does not refuse the token of that push', async () => {
    const t = token('auto', 2);
    await pushImage(reg.url, 'auto/app', 'v1', { headers: t.headers });
    assert.equal((await tags('auto', t.headers)).status, 200);
  });

  test('Basic credentials on /v2/: a cached token that went stale is exchanged again', async () => {
    const basic = { Authorization: `Basic ${Buffer.from('alice:Secret123').toString('base64')}` };
    assert.equal((await tags('reborn', basic)).status, 404, 'no project yet');
    const exchanged = tokens.requests.length;
    // The project is created after the cached token was issued (and after unknown projects are re-read).
    await new Promise((r) => setTimeout(r, 1_200));
    await createProject('reborn', 'now()');
    assert.equal((await tags('reborn', basic)).status, 404, 'accepted with a fresh token');
    assert.equal(tokens.requests.length, exchanged + 1, 'one new exchange');
  });
});
