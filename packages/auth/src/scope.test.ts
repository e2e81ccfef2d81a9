import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessAllows, formatScope, parseScope, parseScopes } from './scope.js';

test('parseScope reads type, name and actions', () => {
  assert.deepEqual(parseScope('repository:library/nginx:pull,push'), {
    type: 'repository',
    name: 'library/nginx',
    actions: ['pull', 'push'],
  });
  assert.deepEqual(parseScope('registry:catalog:*'), { type: 'registry', name: 'catalog', actions: ['*'] });
  assert.deepEqual(parseScope('repository:p/x:pull,pull,,push'), { type: 'repository', name: 'p/x', actions: ['pull', 'push'] });
  assert.deepEqual(parseScope('repository:p/x:'), { type: 'repository', name: 'p/x', actions: [] });
});

test('parseScope keeps colons inside the name and reads a resource class', () => {
  assert.deepEqual(parseScope('repository:localhost:5000/team/app:pull'), {
    type: 'repository',
    name: 'localhost:5000/team/app',
    actions: ['pull'],
  });
  assert.deepEqual(parseScope('repository(plugin):vieux/sshfs:pull'), {
    type: 'repository',
    class: 'plugin',
    name: 'vieux/sshfs',
    actions: ['pull'],
  });
});

test('parseScope rejects malformed scopes', () => {
  for (const bad of ['', 'repository', 'repository:x', ':x:pull', 'repository::pull', 'Repo:x:pull', 'repository(:x:pull', 'a b:x:pull']) {
    assert.equal(parseScope(bad), null, bad);
  }
});

test('parseScopes splits space-separated scopes, drops bad ones and merges duplicates', () => {
  const scopes = parseScopes([
    'repository:a/b:pull repository:c/d:push,pull',
    'repository:a/b:push',
    'nonsense',
    '  registry:catalog:*  ',
    'repository(plugin):a/b:pull',
  ]);
  assert.deepEqual(scopes, [
    { type: 'repository', name: 'a/b', actions: ['pull', 'push'] },
    { type: 'repository', name: 'c/d', actions: ['push', 'pull'] },
    { type: 'registry', name: 'catalog', actions: ['*'] },
    { type: 'repository', class: 'plugin', name: 'a/b', actions: ['pull'] },
  ]);
  assert.deepEqual(parseScopes([]), []);
});

test('formatScope is the inverse of parseScope', () => {
  for (const s of ['repository:a/b:pull,push', 'repository(plugin):x:pull', 'registry:catalog:*', 'repository:h:5000/x:delete']) {
    assert.equal(formatScope(parseScope(s)!), s);
  }
});

test('accessAllows matches type, name and action, with * granting everything', () => {
  const access = [
    { type: 'repository', name: 'lib/a', actions: ['pull'] },
    { type: 'repository', name: 'lib/b', actions: ['*'] },
    { type: 'registry', name: 'catalog', actions: ['*'] },
  ];
  assert.equal(accessAllows(access, 'repository', 'lib/a', 'pull'), true);
  assert.equal(accessAllows(access, 'repository', 'lib/a', 'push'), false);
  assert.equal(accessAllows(access, 'repository', 'lib/b', 'delete'), true);
  assert.equal(accessAllows(access, 'repository', 'lib/b', 'push'), true);
  assert.equal(accessAllows(access, 'repository', 'lib/c', 'pull'), false);
  assert.equal(accessAllows(access, 'registry', 'catalog', '*'), true);
  assert.equal(accessAllows(access, 'registry', 'lib/a', 'pull'), false);
  assert.equal(accessAllows([], 'repository', 'lib/a', 'pull'), false);
});
