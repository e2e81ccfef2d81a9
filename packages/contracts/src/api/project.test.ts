import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harborValidationStatus } from './common.js';
import {
  ProjectDeletableSchema,
  ProjectReqSchema,
  ProjectSchema,
  ProjectSummarySchema,
  ProjectUpdateReqSchema,
  isValidProjectName,
} from './project.js';

test('project names follow Harbor\'s manager rule', () => {
  const good = ['library', 'a', 'a1', 'my-project', 'my_project', 'my.project', 'a.b-c_d', '0', 'x'.repeat(255)];
  const bad = ['', 'Library', '-a', 'a-', 'a--b', 'a..b', 'a_.b', 'a b', 'a/b', 'ä', 'x'.repeat(256), 'a+b'];
  for (const n of good) assert.equal(isValidProjectName(n), true, n);
  for (const n of bad) assert.equal(isValidProjectName(n), false, n);
  for (const n of bad) assert.equal(ProjectReqSchema.safeParse({ project_name: n }).success, false, n);
});

test('a full ProjectReq parses; nulls are "not given"; metadata flags are normalised', () => {
  const req = {
    project_name: 'team-a',
    public: null,
    storage_limit: -1,
    registry_id: null,
    metadata: { public: 'true', auto_scan: 'True', prevent_vul: '0', severity: 'HIGH', proxy_speed_kb: '-1', retention_id: null },
    cve_allowlist: { items: [{ cve_id: 'CVE-2019-10164' }], expires_at: null },
  };
  assert.deepEqual(ProjectReqSchema.parse(req), {
    project_name: 'team-a',
    storage_limit: -1,
    metadata: { public: 'true', auto_scan: 'true', prevent_vul: 'false', severity: 'high', proxy_speed_kb: '-1' },
    cve_allowlist: { items: [{ cve_id: 'CVE-2019-10164' }] },
  });
  // Go drops fields it does not know; so do we
  assert.deepEqual(ProjectReqSchema.parse({ project_name: 'p', count_limit: 3 }), { project_name: 'p' });
});

test('ProjectReq rejects wrong types and values Harbor refuses', () => {
  const cases: Array<[unknown, 400 | 422]> = [
    [{}, 400], // Go decodes a missing name as "", which the manager refuses
    [{ project_name: 5 }, 422],
    [{ project_name: 'p', public: 'true' }, 422],
    [{ project_name: 'p', storage_limit: '10' }, 422],
    [{ project_name: 'p', storage_limit: 1.5 }, 422],
    [{ project_name: 'p', storage_limit: -2 }, 400],
    [{ project_name: 'p', registry_id: 0 }, 400],
    [{ project_name: 'p', metadata: { public: 'True' } }, 400], // the create handler wants exactly "true"/"false"
    [{ project_name: 'p', metadata: { public: true } }, 422],
    [{ project_name: 'p', metadata: { auto_scan: 'yes' } }, 400],
    [{ project_name: 'p', metadata: { severity: 'urgent' } }, 400],
    [{ project_name: 'p', metadata: { retention_id: 'abc' } }, 400],
    [{ project_name: 'p', metadata: { proxy_cache_filter_kind: 'glob' } }, 400],
    [{ project_name: 'p', cve_allowlist: { items: [{ cve_id: 1 }] } }, 422],
    [{ project_name: 'x'.repeat(256) }, 422], // the swagger's maxLength
  ];
  for (const [body, status] of cases) {
    const r = ProjectReqSchema.safeParse(body);
    assert.equal(r.success, false, JSON.stringify(body));
    if (!r.success) assert.equal(harborValidationStatus(r.error, body), status, JSON.stringify(body));
  }
});

test('ProjectUpdateReq does not require a name', () => {
  assert.deepEqual(ProjectUpdateReqSchema.parse({ metadata: { public: 'false' } }), { metadata: { public: 'false' } });
  assert.equal(ProjectUpdateReqSchema.safeParse({ metadata: { public: 'no' } }).success, false);
});

test('project responses', () => {
  const project = {
    project_id: 1,
    owner_id: 1,
    name: 'library',
    creation_time: '2024-05-01T10:00:00.000Z',
    update_time: '2024-05-01T10:00:00.000Z',
    owner_name: 'admin',
    current_user_role_id: 1,
    current_user_role_ids: [1],
    repo_count: 0,
    metadata: { public: 'true' },
    cve_allowlist: { id: 1, project_id: 1, items: [], creation_time: '0001-01-01T00:00:00.000Z', update_time: '0001-01-01T00:00:00.000Z' },
  };
  assert.deepEqual(ProjectSchema.parse(project), project);
  assert.equal(ProjectSchema.safeParse({ ...project, repo_count: undefined }).success, false);
  assert.equal(ProjectSchema.safeParse({ ...project, creation_time: 'yesterday' }).success, false);
  assert.ok(ProjectDeletableSchema.safeParse({ deletable: false, message: 'the project contains repositories, can not be deleted' }).success);
  assert.ok(
    ProjectSummarySchema.safeParse({
      repo_count: 2,
      project_admin_count: 1,
      quota: { hard: { storage: -1 }, used: { storage: 1024 } },
      registry: { id: 3, name: 'hub', type: 'docker-hub', url: 'https://hub.docker.com' },
    }).success,
  );
});
