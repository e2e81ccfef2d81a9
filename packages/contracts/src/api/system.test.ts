import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArtifactSchema, NewTagSchema, RepositorySchema } from './artifact.js';
import { ErrorsSchema } from './common.js';
import { CONFIG_KEYS, ConfigurationsResponseSchema, ConfigurationsSchema } from './config.js';
import {
  AuditLogSchema,
  GeneralInfoSchema,
  OverallHealthStatusSchema,
  QuotaSchema,
  QuotaUpdateReqSchema,
  SearchSchema,
  StatisticSchema,
  SystemInfoSchema,
} from './system.js';

const T = '2024-05-01T10:00:00.000Z';

test('error body', () => {
  assert.ok(ErrorsSchema.safeParse({ errors: [{ code: 'NOT_FOUND', message: 'artifact library/hello-world:latest not found' }] }).success);
  assert.equal(ErrorsSchema.safeParse({ errors: [{ code: 'NOT_FOUND' }] }).success, false);
});

test('PUT /configurations: typed values, Harbor\'s value rules, unknown keys and nulls dropped', () => {
  const body = { auth_mode: 'ldap_auth', ldap_url: 'ldap://x', ldap_scope: 2, token_expiration: 30, read_only: false, storage_per_project: -1, robot_name_prefix: 'robot$', bogus: 1, self_registration: null };
  assert.deepEqual(ConfigurationsSchema.parse(body), {
    auth_mode: 'ldap_auth', ldap_url: 'ldap://x', ldap_scope: 2, token_expiration: 30, read_only: false, storage_per_project: -1, robot_name_prefix: 'robot$',
  });
  assert.deepEqual(ConfigurationsSchema.parse({ oidc_extra_redirect_parms: '{"prompt":"login"}' }), { oidc_extra_redirect_parms: '{"prompt":"login"}' });
  const bad = [
    { auth_mode: 'none' },
    { project_creation_restriction: 'nobody' },
    { ldap_scope: 3 },
    { ldap_url: '  ' },
    { token_expiration: '30' },
    { token_expiration: 2 ** 31 },
    { read_only: 'false' },
    { storage_per_project: 0 },
    { oidc_extra_redirect_parms: '{"a":1}' },
    { oidc_extra_redirect_parms: 'nope' },
  ];
  for (const b of bad) assert.equal(ConfigurationsSchema.safeParse(b).success, false, JSON.stringify(b));
});

test('GET /configurations answers {value, editable} of the right kind, never secrets', () => {
  const resp = {
    auth_mode: { value: 'db_auth', editable: true },
    token_expiration: { value: 30, editable: true },
    read_only: { value: false, editable: true },
    scan_all_policy: { type: 'daily', parameter: { daily_time: 0 } },
  };
  assert.deepEqual(ConfigurationsResponseSchema.parse(resp), resp);
  assert.equal(ConfigurationsResponseSchema.safeParse({ read_only: { value: 'false', editable: true } }).success, false);
  assert.equal(ConfigurationsResponseSchema.safeParse({ token_expiration: { value: '30', editable: true } }).success, false);
  assert.ok(CONFIG_KEYS.includes('oidc_client_secret'));
  assert.ok(!('oidc_client_secret' in ConfigurationsResponseSchema.shape));
  assert.ok(!('ldap_search_password' in ConfigurationsResponseSchema.shape));
});

test('PUT /quotas/{id}: storage only, -1 or positive', () => {
  assert.ok(QuotaUpdateReqSchema.safeParse({ hard: { storage: -1 } }).success);
  assert.ok(QuotaUpdateReqSchema.safeParse({ hard: { storage: 1024 } }).success);
  for (const hard of [{ storage: 0 }, { storage: -5 }, { storage: '1' }, { count: 1 }, { storage: 1, count: 1 }, {}]) {
    assert.equal(QuotaUpdateReqSchema.safeParse({ hard }).success, false, JSON.stringify(hard));
  }
  assert.ok(QuotaSchema.safeParse({ id: 1, ref: { id: 1, name: 'library', owner_name: 'admin' }, hard: { storage: -1 }, used: { storage: 0 }, creation_time: T, update_time: T }).success);
});

test('system responses', () => {
  assert.ok(GeneralInfoSchema.safeParse({ auth_mode: 'db_auth', harbor_version: 'v2.16.0', current_time: T, self_registration: false }).success);
  assert.equal(GeneralInfoSchema.safeParse({ read_only: 'false' }).success, false);
  assert.ok(SystemInfoSchema.safeParse({ storage: [{ total: 100, free: 50 }] }).success);
  assert.ok(
    OverallHealthStatusSchema.safeParse({ status: 'unhealthy', components: [{ name: 'core', status: 'healthy' }, { name: 'redis', status: 'unhealthy', error: 'dial tcp: refused' }] }).success,
  );
  assert.equal(OverallHealthStatusSchema.safeParse({ status: 'ok', components: [] }).success, false);
  const zero = { private_project_count: 0, private_repo_count: 0, public_project_count: 1, public_repo_count: 0, total_project_count: 1, total_repo_count: 0, total_storage_consumption: 0 };
  assert.ok(StatisticSchema.safeParse(zero).success);
  assert.equal(StatisticSchema.safeParse({ ...zero, total_repo_count: undefined }).success, false);
  assert.ok(
    SearchSchema.safeParse({
      project: [{ project_id: 1, name: 'library', repo_count: 1 }],
      repository: [{ project_id: 1, project_name: 'library', project_public: true, repository_name: 'library/nginx', pull_count: 0, artifact_count: 1 }],
    }).success,
  );
  assert.ok(AuditLogSchema.safeParse({ id: 1, username: 'admin', resource: 'library/nginx:latest', resource_type: 'artifact', operation: 'create', op_time: T }).success);
});

test('repositories, artifacts, tags', () => {
  assert.ok(RepositorySchema.safeParse({ id: 1, project_id: 1, name: 'library/nginx', artifact_count: 1, pull_count: 0, creation_time: T, update_time: T }).success);
  const artifact = {
    id: 1,
    type: 'IMAGE',
    media_type: 'application/vnd.oci.image.config.v1+json',
    manifest_media_type: 'application/vnd.oci.image.manifest.v1+json',
    project_id: 1,
    repository_id: 1,
    repository_name: 'library/nginx',
    digest: 'sha256:' + 'a'.repeat(64),
    size: 1234,
    push_time: T,
    pull_time: '0001-01-01T00:00:00.000Z',
    extra_attrs: { architecture: 'amd64', os: 'linux', config: { Env: ['PATH=/bin'] } },
    annotations: { 'org.opencontainers.image.title': 'x' },
    references: [{ parent_id: 1, child_id: 2, child_digest: 'sha256:' + 'b'.repeat(64), platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } }],
    tags: [{ id: 1, repository_id: 1, artifact_id: 1, name: 'latest', push_time: T, pull_time: T, immutable: false }],
    labels: [{ id: 1, name: 'prod', scope: 'g', project_id: 0, color: '#00ff00' }],
    accessories: [{ id: 5, artifact_id: 9, subject_artifact_digest: 'sha256:' + 'a'.repeat(64), subject_artifact_repo: 'library/nginx', size: 10, digest: 'sha256:' + 'c'.repeat(64), type: 'signature.cosign', icon: '' }],
    addition_links: { build_history: { href: '/api/v2.0/projects/library/repositories/nginx/artifacts/sha256:aa/additions/build_history', absolute: false } },
    scan_overview: { 'application/vnd.security.vulnerability.report; version=1.1': { scan_status: 'Success', severity: 'High', summary: { total: 2, fixable: 1, summary: { High: 1, Low: 1 } } } },
  };
  assert.deepEqual(ArtifactSchema.parse(artifact), artifact);
  assert.equal(ArtifactSchema.safeParse({ ...artifact, tags: [{ ...artifact.tags[0], immutable: undefined }] }).success, false);
  assert.ok(NewTagSchema.safeParse({ name: 'v1.2.3' }).success);
  for (const name of ['', '-v1', 'a/b', 'x'.repeat(129)]) assert.equal(NewTagSchema.safeParse({ name }).success, false, name);
});
