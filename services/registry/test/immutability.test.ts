// Tag immutability on /v2: a tag an enabled rule protects is pushed once and never again (same manifest
// or not), is not deleted by tag nor with its manifest; disabled rules, other repositories, other tags
// and other projects are unaffected. Rules are written to core's table the way core stores them, each
// project's before its first push (the registry caches a project's rules for a few seconds).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPool, type Pool } from '@harbor/db/sql';
import { json, pushImage, startTestRegistry, type TestRegistry } from './helpers.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

describe('tag immutability', () => {
  let reg: TestRegistry;
  let db: Pool;
  before(async () => {
    reg = await startTestRegistry();
    db = createPool(reg.databaseUrl, { max: 2, application: 'immutability-test' });
    await project('frozen', [
      { repo: 'app', tag: 'v*' },
      { repo: 'team/**', tag: '{release-*,stable}' },
      { repo: '**', tag: 'never', disabled: true },
    ]);
    await project('loose', [{ repo: '**', tag: '**', disabled: true }]);
    await project('wild', [{ repo: '**', tag: '**' }]);
  });
  after(async () => {
    await db.end();
    await reg.stop();
  });

  async function project(name: string, rules: Array<{ repo: string; tag: string; disabled?: boolean }>): Promise<void> {
    const { rows: [p] } = await db.query<{ id: number }>('INSERT INTO project (name) VALUES ($1) RETURNING id', [name]);
    for (const r of rules) {
      const rule = {
        id: 0, project_id: p.id, disabled: r.disabled ?? false, priority: 0, action: 'immutable', template: 'immutable_template', params: {},
        tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: r.tag }],
        scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: r.repo }] },
      };
      await db.query('INSERT INTO immutable_tag_rule (project_id, tag_filter, disabled) VALUES ($1, $2, $3)', [p.id, JSON.stringify(rule), r.disabled ?? false]);
    }
  }

  const putManifest = (name: string, ref: string, body: Buffer) =>
    fetch(`${reg.url}/v2/${name}/manifests/${ref}`, { method: 'PUT', body, headers: { 'Content-Type': OCI_MANIFEST } });
  const del = (name: string, ref: string) => fetch(`${reg.url}/v2/${name}/manifests/${ref}`, { method: 'DELETE' });
  const resolves = async (name: string, ref: string) => (await fetch(`${reg.url}/v2/${name}/manifests/${ref}`, { method: 'HEAD' })).status;

  test('the first push of a protected tag passes; pushing over it is refused with 412, even the same manifest', async () => {
    const first = await pushImage(reg.url, 'frozen/app', 'v1');
    const other = await pushImage(reg.url, 'frozen/app', 'scratch');
    const refused = await putManifest('frozen/app', 'v1', other.manifest);
    assert.equal(refused.status, 412);
    assert.deepEqual((await json(refused)).errors.map((e: { code: string; message: string }) => [e.code, e.message]),
      [['PRECONDITION', "Failed to process request due to 'app:v1' configured as immutable."]]);
    const again = await putManifest('frozen/app', 'v1', first.manifest);
    assert.equal(again.status, 412, 'Harbor refuses a re-push of the very same manifest too');
    const head = await fetch(`${reg.url}/v2/frozen/app/manifests/v1`, { method: 'HEAD' });
    assert.equal(head.headers.get('docker-content-digest'), first.digest, 'the tag still names the first manifest');
    // by digest there is no tag to protect
    assert.equal((await putManifest('frozen/app', other.digest, other.manifest)).status, 201);
  });

  test('tags and repositories no enabled rule covers are mutable', async () => {
    await pushImage(reg.url, 'frozen/app', 'latest');
    const next = await pushImage(reg.url, 'frozen/app', 'latest');
    assert.equal((await putManifest('frozen/app', 'latest', next.manifest)).status, 201, 'latest is not v*');
    await pushImage(reg.url, 'frozen/other', 'v1');
    const o2 = await pushImage(reg.url, 'frozen/other', 'v2');
    assert.equal((await putManifest('frozen/other', 'v1', o2.manifest)).status, 201, 'the rule names app only');
    await pushImage(reg.url, 'frozen/app', 'never');
    assert.equal((await putManifest('frozen/app', 'never', next.manifest)).status, 201, 'the rule for "never" is disabled');
    await pushImage(reg.url, 'loose/app', 'v1');
    const l2 = await pushImage(reg.url, 'loose/app', 'v2');
    assert.equal((await putManifest('loose/app', 'v1', l2.manifest)).status, 201, 'a project whose only rule is disabled');
    await pushImage(reg.url, 'elsewhere/app', 'v1');
    const e2 = await pushImage(reg.url, 'elsewhere/app', 'v2');
    assert.equal((await putManifest('elsewhere/app', 'v1', e2.manifest)).status, 201, 'a project without rules');
  });

  test('repository patterns see the name inside the project, `**` crossing levels', async () => {
    const r1 = await pushImage(reg.url, 'frozen/team/api/server', 'release-1');
    assert.equal((await putManifest('frozen/team/api/server', 'release-1', r1.manifest)).status, 412);
    const s1 = await pushImage(reg.url, 'frozen/team/api/server', 'stable');
    assert.equal((await putManifest('frozen/team/api/server', 'stable', s1.manifest)).status, 412);
    const d1 = await pushImage(reg.url, 'frozen/team/api/server', 'dev');
    assert.equal((await putManifest('frozen/team/api/server', 'dev', d1.manifest)).status, 201);
    const t1 = await pushImage(reg.url, 'frozen/teams', 'release-1');
    assert.equal((await putManifest('frozen/teams', 'release-1', t1.manifest)).status, 201, 'teams is not team/**');
  });

  test('deleting a protected tag, or the manifest carrying one, is refused; unprotected ones go', async () => {
    const img = await pushImage(reg.url, 'frozen/app', 'v9');
    const byTag = await del('frozen/app', 'v9');
    assert.equal(byTag.status, 412);
    assert.deepEqual((await json(byTag)).errors[0], { code: 'PRECONDITION', message: 'the tag v9 configured as immutable, cannot be deleted', detail: null });
    const byDigest = await del('frozen/app', img.digest);
    assert.equal(byDigest.status, 412);
    assert.equal((await json(byDigest)).errors[0].message, 'the tag v9 configured as immutable, cannot be deleted');
    assert.equal(await resolves('frozen/app', 'v9'), 200);
    assert.equal((await del('frozen/app', 'nosuchtag')).status, 404, 'a missing tag is still a 404');

    const loose = await pushImage(reg.url, 'frozen/app', 'tmp');
    assert.equal((await del('frozen/app', 'tmp')).status, 202);
    assert.equal((await del('frozen/app', loose.digest)).status, 202);
    const untagged = await pushImage(reg.url, 'frozen/app', 'gone');
    assert.equal((await del('frozen/app', 'gone')).status, 202);
    assert.equal((await del('frozen/app', untagged.digest)).status, 202, 'an untagged manifest is never immutable');
  });

  test('a project-wide rule protects every tag of every repository', async () => {
    const w = await pushImage(reg.url, 'wild/a/b', 'x');
    const w2 = await pushImage(reg.url, 'wild/a/b', 'y');
    assert.equal((await putManifest('wild/a/b', 'x', w2.manifest)).status, 412);
    assert.equal((await del('wild/a/b', w.digest)).status, 412);
    assert.equal((await del('wild/a/b', 'y')).status, 412);
  });
});
