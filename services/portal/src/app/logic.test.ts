// The console's own rules, as pure functions: what a form refuses before sending, how an artifact is
// named, how a robot's grants and expiry read, and which text colour a label chip gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Robot } from '@harbor/contracts';
import { confirmError, passwordPolicyError, passwordsValid } from './pages/account/PasswordFields.js';
import { commentError, emailError, realnameError, usernameError } from './pages/account/userRules.js';
import { generateSecret } from './pages/account/CliSecretSection.js';
import { projectNameError } from './pages/projects/CreateProjectDialog.js';
import { artifactKind, isValidTagName, platformText } from './pages/repository/artifact-info.js';
import { isHexColor, labelTextColor } from './components/labels/labelColors.js';
import { expiry, keysOf, permissionSummary, toAccess } from './components/robots/robotPermissions.js';

test('project names follow Harbor: lowercase, digits and separators between them', () => {
  assert.equal(projectNameError(''), null);
  assert.equal(projectNameError('team-a.b_c'), null);
  for (const bad of ['Team', '-team', 'team-', 'a..b', 'a b', 'x'.repeat(256)]) assert.notEqual(projectNameError(bad), null, bad);
});

test('passwords: 8–128 characters with upper, lower and digit; the confirmation must match', () => {
  assert.equal(passwordPolicyError('Passw0rd'), null);
  for (const bad of ['Short1A', 'alllower1', 'ALLUPPER1', 'NoDigitsHere', 'A1' + 'a'.repeat(127)]) assert.notEqual(passwordPolicyError(bad), null, bad);
  assert.notEqual(confirmError('Passw0rd', 'Passw0rD'), null);
  assert.equal(passwordsValid('Passw0rd', 'Passw0rd'), true);
  assert.equal(passwordsValid('Passw0rd', ''), false);
});

test('profile fields: e-mail shape, forbidden name characters, comment length in bytes', () => {
  assert.equal(emailError('dev@example.com'), null);
  assert.notEqual(emailError('dev@'), null);
  assert.notEqual(realnameError('a,b'), null);
  assert.equal(realnameError('Jane Doe'), null);
  assert.equal(commentError('x'.repeat(30)), null);
  assert.notEqual(commentError('é'.repeat(16)), null, '32 bytes');
  assert.notEqual(usernameError('a b'), null);
  assert.equal(usernameError('dev1'), null);
});

test('a generated CLI secret always passes the password policy', () => {
  for (let i = 0; i < 50; i++) {
    const s = generateSecret();
    assert.equal(s.length, 32);
    assert.equal(passwordPolicyError(s), null, s);
  }
});

test('artifact kinds, platforms and tag names', () => {
  const base = { type: 'IMAGE', media_type: 'application/vnd.oci.image.config.v1+json', manifest_media_type: 'application/vnd.oci.image.manifest.v1+json', artifact_type: undefined, references: [] };
  assert.equal(artifactKind(base), 'image');
  assert.equal(artifactKind({ ...base, manifest_media_type: 'application/vnd.oci.image.index.v1+json' }), 'index');
  assert.equal(artifactKind({ ...base, type: 'CHART', media_type: 'application/vnd.cncf.helm.config.v1+json' }), 'chart');
  assert.equal(artifactKind({ ...base, media_type: 'application/vnd.dev.cosign.artifact.sig.v1+json' }), 'signature');
  assert.equal(artifactKind({ ...base, artifact_type: 'application/spdx+json' }), 'sbom');
  assert.equal(platformText({ os: 'linux', architecture: 'arm64', variant: 'v8' }), 'linux/arm64/v8');
  assert.equal(isValidTagName('v1.2.3-rc_1'), true);
  assert.equal(isValidTagName('-bad'), false);
  assert.equal(isValidTagName('a'.repeat(129)), false);
});

test('label chips: hex colours only, and the text colour that reads on them', () => {
  assert.equal(isHexColor('#0065AB'), true);
  assert.equal(isHexColor('#fff'), true);
  assert.equal(isHexColor('red'), false);
  assert.equal(labelTextColor('#ffffff'), '#000000');
  assert.equal(labelTextColor('#0065AB'), '#ffffff');
  assert.equal(labelTextColor('#FFDC0B'), '#000000');
});

test('robot grants and expiry as the robot list shows them', () => {
  const robot = {
    id: 1, name: 'robot$ci', level: 'system', disable: false, expires_at: -1, duration: -1,
    permissions: [
      { kind: 'project', namespace: '*', access: [{ resource: 'repository', action: 'pull' }, { resource: 'repository', action: 'push' }] },
      { kind: 'system', namespace: '/', access: [{ resource: 'project', action: 'list' }] },
    ],
  } as unknown as Robot;
  assert.equal(permissionSummary(robot), '3 permissions · all projects');
  assert.deepEqual([...keysOf(robot.permissions, 'project')].sort(), ['repository:pull', 'repository:push']);
  assert.deepEqual(toAccess(['artifact:read']), [{ resource: 'artifact', action: 'read' }]);
  assert.deepEqual(expiry(-1), { text: 'Never', expired: false });
  assert.equal(expiry(100, 200_000).expired, true);
  assert.equal(expiry(1000, 200_000).expired, false);
});
