import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectPermissions } from './evaluator.js';
import {
  ALL_PROJECT_PERMISSIONS,
  PUBLIC_PROJECT_GRANTS,
  ROLE_GRANTS,
  publicProjectAllows,
  publicProjectPermissions,
  roleAllows,
  rolePermissions,
} from './matrix.js';
import { CONCRETE_ACTIONS, PROJECT_RESOURCE_NAMES, ROLES, type Role } from './roles.js';

// Transcribed by hand from HARBOR.md (checked against rbac_role.go), independently of matrix.ts.
// C=create R=read U=update D=delete L=list O=operate S=stop Pl=pull Ps=push, - = nothing.
const TABLE = `
resource            | projectAdmin | maintainer  | developer   | guest | limitedGuest
project             | RUD          | R           | R           | R     | R
member              | CRUDL        | RL          | RL          | RL    | -
metadata            | CRUD         | R           | -           | -     | -
log                 | L            | -           | -           | -     | -
label               | CRUDL        | CRUDL       | RL          | RL    | -
quota               | R            | R           | R           | R     | R
repository          | CRUDL Pl Ps  | CRUDL Pl Ps | CRUL Pl Ps  | RL Pl | RL Pl
tag-retention       | CRUDLO       | CRUDLO      | CRUDLO      | -     | -
immutable-tag       | CUDL         | CUDL        | -           | -     | -
configuration       | RU           | R           | R           | R     | R
robot               | CRUDL        | RL          | RL          | RL    | -
notification-policy | CRUDL        | RL          | -           | -     | -
scan                | CRS          | CRS         | R           | R     | R
sbom                | CRS          | CRS         | R           | R     | R
scanner             | RC           | R           | R           | R     | R
artifact            | CRDL         | CRDL        | CRL         | RL    | RL
artifact-addition   | R            | R           | R           | R     | R
tag                 | CLD          | CLD         | CL          | L     | L
accessory           | L            | L           | L           | L     | L
artifact-label      | CD           | CD          | CD          | -     | -
preheat-policy      | CRUDL        | -           | -           | -     | -
export-cve          | CRL          | CRL         | CRL         | -     | -
`;

const PUBLIC = `project R | label RL | repository L Pl | scan R | scanner R | tag L | artifact RL | artifact-addition R | accessory L`;

const LETTER: Record<string, string> = { C: 'create', R: 'read', U: 'update', D: 'delete', L: 'list', O: 'operate', S: 'stop' };

function actionsOf(cell: string): Set<string> {
  const out = new Set<string>();
  for (const token of cell.trim().split(/\s+/)) {
    if (token === '-' || token === '') continue;
    if (token === 'Pl') out.add('pull');
    else if (token === 'Ps') out.add('push');
    else for (const letter of token) out.add(LETTER[letter] ?? assert.fail(`bad letter ${letter}`));
  }
  return out;
}

function parseTable(): Map<string, Map<Role, Set<string>>> {
  const lines = TABLE.trim().split('\n');
  const roles = lines[0].split('|').slice(1).map((s) => s.trim()) as Role[];
  const table = new Map<string, Map<Role, Set<string>>>();
  for (const line of lines.slice(1)) {
    const [resource, ...cells] = line.split('|').map((s) => s.trim());
    table.set(resource, new Map(roles.map((role, i) => [role, actionsOf(cells[i])])));
  }
  return table;
}

const expected = parseTable();

test('the table covers every project resource and every role', () => {
  assert.deepEqual([...expected.keys()].sort(), [...PROJECT_RESOURCE_NAMES].sort());
  for (const row of expected.values()) assert.deepEqual([...row.keys()].sort(), [...ROLES].sort());
  assert.equal(CONCRETE_ACTIONS.length, 10);
});

for (const role of ROLES) {
  test(`${role}: every resource × action is allowed or denied exactly as the table says`, () => {
    let allowed = 0;
    for (const resource of PROJECT_RESOURCE_NAMES) {
      const want = expected.get(resource)!.get(role)!;
      for (const action of CONCRETE_ACTIONS) {
        assert.equal(roleAllows(role, resource, action), want.has(action), `${role} ${resource}:${action}`);
        if (want.has(action)) allowed++;
      }
      // The same answer through an authenticated member's evaluator on a private project.
      const evaluator = projectPermissions({ sysAdmin: false, roles: [role], authenticated: true }, { public: false });
      for (const action of CONCRETE_ACTIONS) assert.equal(evaluator.can(resource, action), want.has(action));
    }
    assert.equal(rolePermissions(role).length, allowed);
  });
}

test('roles grant no wildcard, no unknown resource and no unknown action', () => {
  for (const role of ROLES) {
    assert.equal(roleAllows(role, 'repository', '*'), false);
    assert.equal(roleAllows(role, '*', 'read'), false);
    assert.equal(roleAllows(role, 'helm-chart', 'read'), false);
    assert.equal(roleAllows(role, 'repository', 'scanner-pull'), false);
    assert.equal(roleAllows(role, 'constructor', 'read'), false);
    assert.equal(roleAllows(role, 'toString', 'read'), false);
  }
  assert.equal(roleAllows('nobody' as Role, 'project', 'read'), false);
});

test('a public project grants exactly its list to anonymous callers', () => {
  const want = new Map(PUBLIC.split('|').map((part) => {
    const [resource, ...rest] = part.trim().split(/\s+/);
    return [resource, actionsOf(rest.join(' '))] as const;
  }));
  assert.deepEqual([...want.keys()].sort(), Object.keys(PUBLIC_PROJECT_GRANTS).sort());
  const anonymous = projectPermissions({ sysAdmin: false, roles: [], authenticated: false }, { public: true });
  const privateAnonymous = projectPermissions({ sysAdmin: false, roles: [], authenticated: false }, { public: false });
  for (const resource of PROJECT_RESOURCE_NAMES) {
    for (const action of CONCRETE_ACTIONS) {
      const allowed = want.get(resource)?.has(action) ?? false;
      assert.equal(publicProjectAllows(resource, action), allowed, `public ${resource}:${action}`);
      assert.equal(anonymous.can(resource, action), allowed, `anonymous ${resource}:${action}`);
      assert.equal(privateAnonymous.can(resource, action), false, `private ${resource}:${action}`);
    }
  }
  assert.deepEqual(anonymous.permissions(), publicProjectPermissions());
  assert.deepEqual(privateAnonymous.permissions(), []);
  assert.equal(anonymous.sysAdmin, false);
});

test('an authenticated non-member of a public project gets the public grants and nothing more', () => {
  const visitor = projectPermissions({ sysAdmin: false, roles: [], authenticated: true }, { public: true });
  assert.equal(visitor.can('repository', 'pull'), true);
  assert.equal(visitor.can('repository', 'read'), false);
  assert.equal(visitor.can('repository', 'push'), false);
  assert.equal(visitor.can('member', 'list'), false);
});

test('roles and public grants add up: several roles and a public project give the union', () => {
  const e = projectPermissions({ sysAdmin: false, roles: ['limitedGuest', 'guest'], authenticated: true }, { public: false });
  assert.equal(e.can('member', 'list'), true); // from guest
  assert.equal(e.can('repository', 'push'), false);
  const p = projectPermissions({ sysAdmin: false, roles: ['limitedGuest'], authenticated: true }, { public: true });
  assert.equal(p.can('label', 'list'), true); // limitedGuest lacks it, the public project grants it
  assert.equal(p.can('repository', 'read'), true);
  const dev = projectPermissions({ sysAdmin: false, roles: ['guest', 'developer'], authenticated: true }, { public: false });
  assert.deepEqual(dev.permissions(), rolePermissions('developer'));
});

test('a system admin may do everything on any project, public or not', () => {
  for (const publicProject of [false, true]) {
    const admin = projectPermissions({ sysAdmin: true, roles: [], authenticated: true }, { public: publicProject });
    assert.equal(admin.sysAdmin, true);
    for (const resource of [...PROJECT_RESOURCE_NAMES, 'anything']) {
      for (const action of [...CONCRETE_ACTIONS, '*']) assert.equal(admin.can(resource, action), true);
    }
    assert.deepEqual(admin.permissions(), [...ALL_PROJECT_PERMISSIONS]);
  }
});

test('an unauthenticated caller is anonymous whatever roles or admin flag it carries', () => {
  const e = projectPermissions({ sysAdmin: true, roles: ['projectAdmin'], authenticated: false }, { public: false });
  assert.equal(e.sysAdmin, false);
  assert.equal(e.can('project', 'read'), false);
  assert.equal(e.can('repository', 'pull'), false);
});

test('the admin listing is the union of every role, without duplicates', () => {
  const keys = ALL_PROJECT_PERMISSIONS.map((p) => `${p.resource}:${p.action}`);
  assert.equal(new Set(keys).size, keys.length);
  for (const role of ROLES) {
    for (const p of rolePermissions(role)) assert.ok(keys.includes(`${p.resource}:${p.action}`));
  }
  assert.equal(keys.length, rolePermissions('projectAdmin').length); // admin's role already holds the union
  assert.deepEqual(ROLE_GRANTS.projectAdmin.repository, ['create', 'read', 'update', 'delete', 'list', 'pull', 'push']);
});
