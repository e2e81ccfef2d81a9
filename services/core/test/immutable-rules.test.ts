// /api/v2.0/projects/{p}/immutabletagrules against the real database: create, list, update, toggle and
// delete with Harbor's JSON and status codes; the immutable-tag column of the permission matrix; bad
// input; audit entries; and the 412 that deleting a protected tag, artifact or repository meets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLE_IDS } from '@harbor/auth';
import { ImmutableRuleSchema } from '@harbor/contracts';
import { createPrismaClient, type PrismaClient } from '@harbor/db';
import { addMember, seedArtifact, seedProject, seedRepo } from './artifact-seed.js';
import { addUsers, basic, startTestCore, TEST_PASSWORD, type TestCore } from './helpers.js';
import { errorCode, jsonApi } from './json-api.js';

const ADMIN = basic('admin', 'Harbor12345');
const as = (u: string) => basic(u, TEST_PASSWORD);

const rule = (repo: string, tag: string, extra: Record<string, unknown> = {}) => ({
  disabled: false, action: 'immutable', template: 'immutable_template', priority: 0, params: {},
  tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: tag }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: repo }] },
  ...extra,
});

describe('immutable tag rules', () => {
  let core: TestCore;
  let db: PrismaClient;
  let proj: { id: number; name: string };
  let other: { id: number; name: string };
  const api = jsonApi(() => core.url);
  const R = '/projects/imm/immutabletagrules';

  before(async () => {
    core = await startTestCore();
    db = createPrismaClient(core.databaseUrl);
    const ids = await addUsers(db, ['owner', 'maint', 'dev', 'gst', 'outsider']);
    proj = await seedProject(db, 'imm');
    other = await seedProject(db, 'other');
    for (const [u, role] of [['owner', ROLE_IDS.projectAdmin], ['maint', ROLE_IDS.maintainer], ['dev', ROLE_IDS.developer], ['gst', ROLE_IDS.guest]] as const) {
      await addMember(db, proj.id, ids[u], role);
    }
  });
  after(async () => {
    await db.$disconnect();
    await core.stop();
  });

  const create = async (body: unknown, who = as('owner'), path = R) => {
    const res = await api(path, { method: 'POST', headers: who, body });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    return Number(/\/(\d+)$/.exec(res.headers.get('location') ?? '')![1]);
  };
  const clear = () => db.immutableTagRule.deleteMany({});

  test('a project admin creates a rule (201 + Location) and lists it in Harbor\'s JSON', async () => {
    await clear();
    const res = await api(R, { method: 'POST', headers: as('owner'), body: rule('**', 'v*', { tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v*', extras: '{"untagged":false}' }] }) });
    assert.equal(res.status, 201);
    const id = Number(/^\/api\/v2\.0\/projects\/imm\/immutabletagrules\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]);
    assert.ok(id > 0, res.headers.get('location') ?? '');
    const list = await api(R, { headers: as('owner') });
    assert.equal(list.status, 200);
    assert.equal(list.headers.get('x-total-count'), '1');
    // go-swagger leaves out false, 0 and empty values; selectors come back without extras
    assert.deepEqual(list.json, [{
      id, action: 'immutable', template: 'immutable_template',
      tag_selectors: [{ decoration: 'matches', kind: 'doublestar', pattern: 'v*' }],
      scope_selectors: { repository: [{ decoration: 'repoMatches', kind: 'doublestar', pattern: '**' }] },
    }]);
    ImmutableRuleSchema.array().parse(list.json);
    // by project id too, and the stored row is Harbor's
    const byId = await api(`/projects/${proj.id}/immutabletagrules`, { headers: as('owner') });
    assert.deepEqual(byId.json, list.json);
    const row = await db.immutableTagRule.findUniqueOrThrow({ where: { id } });
    assert.equal(row.projectId, proj.id);
    assert.equal(row.disabled, false);
    assert.deepEqual(JSON.parse(row.tagFilter).scope_selectors, { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] });
    assert.equal((await api('/projects/imm/immutabletagrules', { headers: { ...as('owner'), 'X-Is-Resource-Name': 'true' } })).status, 200);
  });

  test('action and template default to the immutability ones; priority and params are kept', async () => {
    await clear();
    const id = await create({ tag_selectors: rule('**', 'x').tag_selectors, scope_selectors: rule('**', 'x').scope_selectors, priority: 3, params: { note: 'kept' } });
    const [shown] = (await api(R, { headers: as('owner') })).json as Array<Record<string, unknown>>;
    assert.equal(shown.id, id);
    assert.equal(shown.action, 'immutable');
    assert.equal(shown.template, 'immutable_template');
    assert.equal(shown.priority, 3);
    assert.deepEqual(shown.params, { note: 'kept' });
  });

  test('the same rule twice is a conflict', async () => {
    await clear();
    await create(rule('app', 'v1'));
    const again = await api(R, { method: 'POST', headers: as('owner'), body: rule('app', 'v1') });
    assert.equal(again.status, 409);
    assert.equal(errorCode(again), 'CONFLICT');
    await create(rule('app', 'v2'));
  });

  test('paging: X-Total-Count and Link; sort and q over the columns', async () => {
    await clear();
    const ids = [await create(rule('a', '1')), await create(rule('b', '2')), await create(rule('c', '3', { disabled: true }))];
    const page = await api(`${R}?page=1&page_size=2`, { headers: as('owner') });
    assert.equal(page.headers.get('x-total-count'), '3');
    assert.match(page.headers.get('link') ?? '', /rel="next"/);
    assert.deepEqual((page.json as Array<{ id: number }>).map((r) => r.id), ids.slice(0, 2));
    const sorted = await api(`${R}?sort=-id`, { headers: as('owner') });
    assert.deepEqual((sorted.json as Array<{ id: number }>).map((r) => r.id), [...ids].reverse());
    const disabled = await api(`${R}?q=disabled%3Dtrue`, { headers: as('owner') });
    assert.deepEqual((disabled.json as Array<{ id: number; disabled?: boolean }>).map((r) => [r.id, r.disabled]), [[ids[2], true]]);
    assert.equal((await api(`${R}?page_size=abc`, { headers: as('owner') })).status, 422);
  });

  test('update replaces the rule; a flip of `disabled` only flips it, as Harbor\'s console toggles', async () => {
    await clear();
    const id = await create(rule('app', 'v*'));
    const put = (body: unknown, who = as('owner'), path = `${R}/${id}`) => api(path, { method: 'PUT', headers: who, body });
    assert.equal((await put({ ...rule('app', 'release-*'), id })).status, 200);
    const shown = () => api(R, { headers: as('owner') }).then((r) => (r.json as Array<Record<string, unknown>>)[0]);
    assert.deepEqual((await shown()).tag_selectors, [{ decoration: 'matches', kind: 'doublestar', pattern: 'release-*' }]);
    // disabled flipped: the stored selectors stay whatever the body says
    assert.equal((await put({ ...rule('app', 'ignored'), id, disabled: true })).status, 200);
    let s = await shown();
    assert.equal(s.disabled, true);
    assert.deepEqual(s.tag_selectors, [{ decoration: 'matches', kind: 'doublestar', pattern: 'release-*' }]);
    assert.equal((await db.immutableTagRule.findUniqueOrThrow({ where: { id } })).disabled, true);
    assert.equal((await put({ ...rule('app', 'release-*'), id, disabled: false })).status, 200);
    s = await shown();
    assert.equal(s.disabled, undefined, 'enabled again (false is left out)');

    const mismatch = await put({ ...rule('app', 'x'), id: id + 1 });
    assert.equal(mismatch.status, 400);
    assert.match(JSON.stringify(mismatch.json), /the immutable_rule_id doesn't match the id in the payload body of ImmutableRule/);
    assert.equal((await put({ ...rule('app', 'x') })).status, 400, 'no id in the body');
    assert.equal((await put({ ...rule('app', 'x'), id: 999999 }, as('owner'), `${R}/999999`)).status, 404);
    assert.equal((await put({ ...rule('app', 'x'), id }, as('owner'), `${R}/abc`)).status, 422);
    assert.equal((await put({ ...rule('app', '[x'), id })).status, 400, 'the new rule is checked');
    // a rule of another project is not found through this one
    const foreign = await create(rule('**', '**'), ADMIN, '/projects/other/immutabletagrules');
    const cross = await put({ ...rule('app', 'x'), id: foreign }, as('owner'), `${R}/${foreign}`);
    assert.equal(cross.status, 404);
    assert.match(JSON.stringify(cross.json), new RegExp(`project id ${proj.id} does not match`));
  });

  test('delete: 200, then 404; a rule of another project is not found here', async () => {
    await clear();
    const id = await create(rule('app', 'v1'));
    const foreign = await create(rule('**', '**'), ADMIN, '/projects/other/immutabletagrules');
    assert.equal((await api(`${R}/${foreign}`, { method: 'DELETE', headers: as('owner') })).status, 404);
    assert.equal((await api(`${R}/${id}`, { method: 'DELETE', headers: as('owner') })).status, 200);
    const gone = await api(`${R}/${id}`, { method: 'DELETE', headers: as('owner') });
    assert.equal(gone.status, 404);
    assert.match(JSON.stringify(gone.json), new RegExp(`immutable rule ${id} not found`));
    assert.equal((await api('/projects/nosuch/immutabletagrules/1', { method: 'DELETE', headers: ADMIN })).status, 404);
  });

  test('permissions: project admins and maintainers manage rules; developers and guests may not; outsiders do not see the project', async () => {
    await clear();
    const byMaint = await create(rule('m', '1'), as('maint'));
    assert.equal((await api(R, { headers: as('maint') })).status, 200);
    assert.equal((await api(`${R}/${byMaint}`, { method: 'PUT', headers: as('maint'), body: { ...rule('m', '2'), id: byMaint } })).status, 200);
    for (const who of ['dev', 'gst']) {
      assert.equal((await api(R, { headers: as(who) })).status, 403, `${who} lists`);
      assert.equal((await api(R, { method: 'POST', headers: as(who), body: rule('x', who) })).status, 403, `${who} creates`);
      assert.equal((await api(`${R}/${byMaint}`, { method: 'PUT', headers: as(who), body: { ...rule('m', '3'), id: byMaint } })).status, 403, `${who} updates`);
      assert.equal((await api(`${R}/${byMaint}`, { method: 'DELETE', headers: as(who) })).status, 403, `${who} deletes`);
    }
    assert.equal((await api(R, { headers: as('outsider') })).status, 404);
    assert.equal((await api(R, { method: 'POST', headers: as('outsider'), body: rule('x', 'y') })).status, 404);
    assert.equal((await api(R, {})).status, 401);
    assert.equal((await api(R, { method: 'POST', body: rule('x', 'y') })).status, 401);
    assert.equal((await api(`${R}/${byMaint}`, { method: 'DELETE', headers: as('maint') })).status, 200);
    await create(rule('sys', 'admin'), ADMIN);
    assert.equal((await api('/projects/nosuch/immutabletagrules', { headers: ADMIN })).status, 404);
  });

  test('bad input: wrong JSON types are 422; rules Harbor cannot evaluate are 400; nothing is stored', async () => {
    await clear();
    const cases: Array<[unknown, number, RegExp]> = [
      [{ ...rule('a', 'b'), disabled: 'yes' }, 422, /disabled/],
      [{ ...rule('a', 'b'), tag_selectors: 'v*' }, 422, /tag_selectors/],
      [{ ...rule('a', 'b'), priority: 1.5 }, 422, /priority/],
      [{ ...rule('a', 'b'), tag_selectors: [] }, 400, /a tag selector is required/],
      [{ ...rule('a', 'b'), scope_selectors: {} }, 400, /a repository selector is required/],
      [{ ...rule('a', 'b'), action: 'retain' }, 400, /action must be "immutable"/],
      [{ ...rule('a', 'b'), template: 'always' }, 400, /template must be "immutable_template"/],
      [{ ...rule('a', 'b'), tag_selectors: [{ kind: 'label', decoration: 'matches', pattern: 'x' }] }, 400, /kind must be "doublestar"/],
      [{ ...rule('a', 'b'), tag_selectors: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: 'x' }] }, 400, /decoration must be one of matches, excludes/],
      [rule('a[', 'b'), 400, /invalid pattern "a\["/],
      [rule('a', '{v1,v2'), 400, /invalid pattern/],
      [rule('a', ''), 400, /a pattern is required/],
      [{}, 400, /a tag selector is required/],
      [[1, 2], 422, /body/],
    ];
    for (const [body, status, message] of cases) {
      const res = await api(R, { method: 'POST', headers: as('owner'), body });
      assert.equal(res.status, status, JSON.stringify(body));
      assert.match((res.json as { errors: Array<{ message: string }> }).errors[0].message, message, JSON.stringify(body));
    }
    const malformed = await api(R, { method: 'POST', headers: as('owner'), raw: '{"tag_selectors": [' });
    assert.equal(malformed.status, 400);
    const nul = await api(R, { method: 'POST', headers: as('owner'), body: rule('a', 'b\u0000') });
    assert.equal(nul.status, 400);
    assert.equal(await db.immutableTagRule.count(), 0);
  });

  test('creating, updating and deleting rules is audited', async () => {
    await clear();
    await db.auditLog.deleteMany({});
    const id = await create(rule('app', 'v*'));
    await api(`${R}/${id}`, { method: 'PUT', headers: as('owner'), body: { ...rule('app', 'w*'), id } });
    await api(`${R}/${id}`, { method: 'DELETE', headers: as('owner') });
    const entries = await db.auditLog.findMany({ where: { resourceType: 'immutable_rule' }, orderBy: { id: 'asc' } });
    assert.deepEqual(entries.map((e) => [e.operation, e.username, e.projectId]), [['create', 'owner', proj.id], ['update', 'owner', proj.id], ['delete', 'owner', proj.id]]);
    assert.match(entries[0].resource, /^imm repoMatches app matches v\*$/);
  });

  describe('deleting what a rule protects', () => {
    const A = '/projects/imm/repositories/app/artifacts';
    let v1: { digest: string };
    let dev: { digest: string };

    before(async () => {
      await clear();
      const repo = await seedRepo(db, proj, 'app');
      v1 = await seedArtifact(db, repo, { seed: 'imm-v1', tags: ['v1', 'stable'] });
      dev = await seedArtifact(db, repo, { seed: 'imm-dev', tags: ['dev'] });
      await seedArtifact(db, await seedRepo(db, proj, 'free'), { seed: 'imm-free', tags: ['v1'] });
      const src = await seedRepo(db, proj, 'src');
      await seedArtifact(db, src, { seed: 'imm-src', tags: ['v1', 'v7'] });
      await seedArtifact(db, await seedRepo(db, proj, 'src2'), { seed: 'imm-v1', tags: ['v1'] });
      await create(rule('app', 'v*'));
      await create(rule('**', 'never', { disabled: true }));
    });

    test('with_immutable_status marks the protected tags of artifacts and tag lists', async () => {
      const status = (tags: unknown) => Object.fromEntries((tags as Array<{ name: string; immutable: boolean }>).map((t) => [t.name, t.immutable]));
      const one = await api(`${A}/${v1.digest}?with_immutable_status=true`, { headers: as('gst') });
      assert.deepEqual(status((one.json as { tags: unknown }).tags), { v1: true, stable: false });
      const plain = await api(`${A}/${v1.digest}`, { headers: as('gst') });
      assert.deepEqual(status((plain.json as { tags: unknown }).tags), { v1: false, stable: false }, 'not asked: always false');
      const list = await api(`${A}?with_immutable_status=true`, { headers: as('gst') });
      assert.deepEqual((list.json as Array<{ tags: unknown }>).map((a) => status(a.tags)), [{ dev: false }, { v1: true, stable: false }]);
      const tags = await api(`${A}/${v1.digest}/tags?with_immutable_status=true`, { headers: as('gst') });
      assert.deepEqual(status(tags.json), { v1: true, stable: false });
      const free = await api(`/projects/imm/repositories/free/artifacts?with_immutable_status=1`, { headers: as('gst') });
      assert.deepEqual((free.json as Array<{ tags: unknown }>).map((a) => status(a.tags)), [{ v1: false }], 'another repository');
    });

    test('a protected tag is not deleted (412); others are', async () => {
      const res = await api(`${A}/${v1.digest}/tags/v1`, { method: 'DELETE', headers: as('owner') });
      assert.equal(res.status, 412);
      assert.deepEqual(res.json, { errors: [{ code: 'PRECONDITION', message: 'the tag v1 configured as immutable, cannot be deleted' }] });
      assert.equal((await api(`${A}/${v1.digest}/tags/stable`, { method: 'DELETE', headers: as('owner') })).status, 200);
      assert.equal((await api(`${A}/${v1.digest}/tags/v9`, { method: 'DELETE', headers: as('owner') })).status, 404, 'a tag the artifact lacks stays a 404');
    });

    test('an artifact carrying a protected tag is not deleted, by digest or by tag', async () => {
      for (const ref of [v1.digest, 'v1']) {
        const res = await api(`${A}/${ref}`, { method: 'DELETE', headers: as('owner') });
        assert.equal(res.status, 412, ref);
        assert.equal(errorCode(res), 'PRECONDITION');
      }
      assert.equal((await api(`${A}/${dev.digest}`, { method: 'DELETE', headers: as('owner') })).status, 200);
    });

    test('a repository holding a protected tag is not deleted; another repository is', async () => {
      const res = await api('/projects/imm/repositories/app', { method: 'DELETE', headers: as('owner') });
      assert.equal(res.status, 412);
      assert.match(JSON.stringify(res.json), /the tag v1 configured as immutable, cannot be deleted/);
      assert.equal((await api('/projects/imm/repositories/free', { method: 'DELETE', headers: as('owner') })).status, 200, 'the rule names app only');
    });

    test('a copy cannot move a protected tag to another artifact; the same artifact, or new tags, copy fine', async () => {
      const moved = await api(`${A}?from=imm/src:v1`, { method: 'POST', headers: as('owner') });
      assert.equal(moved.status, 412);
      assert.deepEqual(moved.json, { errors: [{ code: 'PRECONDITION', message: 'the tag v1 configured as immutable, cannot be updated' }] });
      assert.equal((await api(`${A}?from=imm/src2:v1`, { method: 'POST', headers: as('owner') })).status, 201, 'v1 already names this very artifact');
      assert.equal((await api(`/projects/imm/repositories/elsewhere/artifacts?from=imm/src:v1`, { method: 'POST', headers: as('owner') })).status, 201);
      const tags = await db.tag.findMany({ where: { repository: { name: 'imm/app' } }, include: { artifact: true } });
      assert.equal(tags.find((t) => t.name === 'v1')?.artifact.digest, v1.digest, 'v1 stays where it was');
    });

    test('once the rule is disabled, the artifact goes', async () => {
      const [r] = await db.immutableTagRule.findMany({ where: { projectId: proj.id, disabled: false } });
      await api(`${R}/${r.id}`, { method: 'PUT', headers: as('owner'), body: { ...rule('app', 'v*'), id: r.id, disabled: true } });
      assert.equal((await api(`${A}/${v1.digest}`, { method: 'DELETE', headers: as('owner') })).status, 200);
    });
  });
});
