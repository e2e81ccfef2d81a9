import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScopes } from '../scope.js';
import { projectPermissions, robotPermissions, type Evaluator } from './evaluator.js';
import type { Role } from './roles.js';
import {
  grantCatalog,
  grantRepositoryActions,
  projectOfRepository,
  requestedProjects,
  resolveAccess,
} from './token-grant.js';

const member = (role: Role, publicProject = false) =>
  projectPermissions({ sysAdmin: false, roles: [role], authenticated: true }, { public: publicProject });
const admin = projectPermissions({ sysAdmin: true, roles: [], authenticated: true }, { public: false });

/** A lookup over known projects, counting calls. */
function projects(table: Record<string, Evaluator>) {
  const calls: string[] = [];
  const lookup = (name: string) => {
    calls.push(name);
    return table[name] ?? null;
  };
  return { lookup, calls };
}

test('repository actions granted per role', () => {
  assert.deepEqual(grantRepositoryActions(member('limitedGuest')), ['pull']);
  assert.deepEqual(grantRepositoryActions(member('guest')), ['pull']);
  assert.deepEqual(grantRepositoryActions(member('developer')), ['pull', 'push']);
  assert.deepEqual(grantRepositoryActions(member('maintainer')), ['pull', 'push', 'delete', '*']);
  assert.deepEqual(grantRepositoryActions(member('projectAdmin')), ['pull', 'push', 'delete', '*']);
  assert.deepEqual(grantRepositoryActions(admin), ['pull', 'push', 'delete', 'scanner-pull', '*']);
  const anonymous = projectPermissions({ sysAdmin: false, roles: [], authenticated: false }, { public: true });
  assert.deepEqual(grantRepositoryActions(anonymous), ['pull']);
  const scanner = robotPermissions(
    { level: 'project', permissions: [{ kind: 'project', namespace: 'p', access: [{ resource: 'repository', action: 'scanner-pull' }] }] },
    { name: 'p', id: 3 },
  );
  assert.deepEqual(grantRepositoryActions(scanner), ['scanner-pull']);
});

test('a guest asking for push gets only pull: actions are replaced, not intersected', () => {
  const { lookup } = projects({ library: member('guest') });
  assert.deepEqual(resolveAccess(parseScopes(['repository:library/nginx:push']), lookup), [
    { type: 'repository', name: 'library/nginx', actions: ['pull'] },
  ]);
  // And a developer asking only for pull gets push as well.
  const dev = projects({ library: member('developer') });
  assert.deepEqual(resolveAccess(parseScopes(['repository:library/nginx:pull']), dev.lookup), [
    { type: 'repository', name: 'library/nginx', actions: ['pull', 'push'] },
  ]);
});

test('project admins get pull, push, delete and *; asking for * (skopeo delete) changes nothing', () => {
  const { lookup } = projects({ team: member('projectAdmin') });
  assert.deepEqual(resolveAccess(parseScopes(['repository:team/app:*']), lookup), [
    { type: 'repository', name: 'team/app', actions: ['pull', 'push', 'delete', '*'] },
  ]);
});

test('an unknown project, or a name without a project segment, grants nothing', () => {
  const { lookup, calls } = projects({ library: member('projectAdmin') });
  assert.deepEqual(resolveAccess(parseScopes(['repository:ghost/app:pull,push', 'repository:nginx:pull']), lookup), [
    { type: 'repository', name: 'ghost/app', actions: [] },
    { type: 'repository', name: 'nginx', actions: [] },
  ]);
  assert.deepEqual(calls, ['ghost']);
});

test('the catalog is for system admins only; other types and resource classes get nothing', () => {
  const { lookup } = projects({});
  const scopes = parseScopes(['registry:catalog:*', 'registry:other:*', 'blob:library/x:pull', 'repository(plugin):library/x:pull']);
  assert.deepEqual(resolveAccess(scopes, lookup, { sysAdmin: false }), [
    { type: 'registry', name: 'catalog', actions: [] },
    { type: 'registry', name: 'other', actions: [] },
    { type: 'blob', name: 'library/x', actions: [] },
    { type: 'repository', class: 'plugin', name: 'library/x', actions: [] },
  ]);
  assert.deepEqual(resolveAccess(scopes, lookup), resolveAccess(scopes, lookup, { sysAdmin: false }));
  assert.deepEqual(resolveAccess(scopes, lookup, { sysAdmin: true })[0], { type: 'registry', name: 'catalog', actions: ['*'] });
  assert.deepEqual(grantCatalog(false), []);
  assert.deepEqual(grantCatalog(true), ['*']);
  assert.deepEqual(grantCatalog(true, ['pull']), ['pull']);
});

test('names containing ":" are split on the first and last colon, the project on the first "/"', () => {
  const { lookup, calls } = projects({ team: member('developer') });
  const scopes = parseScopes(['repository:team/app:v1:pull', 'repository:localhost:5000/team/app:pull', 'repository:team/app:pull']);
  // Harbor would grant on `team/app:v1`; no registry can hold such a name, so nothing is granted on it.
  assert.deepEqual(resolveAccess(scopes, lookup), [
    { type: 'repository', name: 'team/app:v1', actions: [] },
    { type: 'repository', name: 'localhost:5000/team/app', actions: [] },
    { type: 'repository', name: 'team/app', actions: ['pull', 'push'] },
  ]);
  assert.deepEqual(calls, ['team']);
  assert.equal(projectOfRepository('team/sub/app'), 'team');
  assert.equal(projectOfRepository('/app'), null);
  assert.equal(projectOfRepository('app'), null);
});

test('names the registry could not serve grant nothing and look nothing up', () => {
  const { lookup, calls } = projects({ team: member('projectAdmin') });
  const names = ['team/../other/app', 'team/./app', 'team/App', 'Team/app', 'team/app/', 'team//app', 'team/a%2Fb', 'team/a%252Fb',
    'team/a\u0000b', 'team/a\ud800b', `team/${'a'.repeat(300)}`, 'team/ app'];
  const granted = resolveAccess(names.map((name) => ({ type: 'repository', name, actions: ['pull', 'push'] })), lookup);
  assert.deepEqual(granted.map((g) => g.actions), names.map(() => []));
  assert.deepEqual(requestedProjects(granted), []);
  assert.deepEqual(calls, []);
});

test('several scopes, in several parameters and space-separated, across projects', () => {
  const { lookup, calls } = projects({ library: member('guest'), team: member('maintainer') });
  const requested = parseScopes([
    'repository:library/nginx:pull repository:team/app:push,pull',
    'repository:team/db:pull',
    'repository:library/redis:push',
    'registry:catalog:*',
  ]);
  const before = structuredClone(requested);
  const granted = resolveAccess(requested, lookup);
  assert.deepEqual(granted, [
    { type: 'repository', name: 'library/nginx', actions: ['pull'] },
    { type: 'repository', name: 'team/app', actions: ['pull', 'push', 'delete', '*'] },
    { type: 'repository', name: 'team/db', actions: ['pull', 'push', 'delete', '*'] },
    { type: 'repository', name: 'library/redis', actions: ['pull'] },
    { type: 'registry', name: 'catalog', actions: [] },
  ]);
  assert.deepEqual(requested, before, 'the request is not modified');
  assert.deepEqual(calls, ['library', 'team'], 'each project is looked up once');
  assert.deepEqual(requestedProjects(requested), ['library', 'team']);
});

test('a mount needs pull on the source: cross-project scopes resolve independently', () => {
  const { lookup } = projects({ src: member('guest'), dst: member('developer'), secret: member('limitedGuest') });
  assert.deepEqual(
    resolveAccess(parseScopes(['repository:dst/app:push,pull', 'repository:src/base:pull', 'repository:private/x:pull']), lookup).map(
      (a) => a.actions,
    ),
    [['pull', 'push'], ['pull'], []],
  );
});
